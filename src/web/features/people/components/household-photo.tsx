import { useEffect, useId, useRef, useState } from "react";
import { Alert, Button } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { personName } from "../../../lib/supervision-labels";
import { maxPhotoBytes, photoTypes, useUploadPhoto } from "../api/household";
import type { PersonRecord } from "../api/people";
import { PersonAvatar } from "./person-avatar";

const wrongType = "The photo must be a JPEG, PNG or WebP image. Choose another file.";
const tooLarge = `The photo must be ${maxPhotoBytes / 1024} KB or smaller. Choose a smaller image, or reduce its size first.`;

/** What the server said about a refused photo, in words for this form. */
function uploadProblem(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 413) return tooLarge;
    // The record reloads after a conflict: the photo now shown is the other person's; saving again replaces it.
    if (error.code === "edit_conflict")
      return `${error.message.replace(/ Reload.*$/, "")} The current photo is shown above; save yours again to replace it.`;
    if (error.status === 415 || error.issues.some((issue) => issue.field === "photo")) return wrongType;
    return error.message;
  }
  return error instanceof Error ? error.message : "The photo could not be saved. Try again.";
}

/**
 * Upload or replace the photo (USWDS file input, a native control): the choice is checked here for its type and size
 * and shown as a preview before saving; the server reads the real type from the bytes and has the last word.
 */
export function PhotoUpload({ record }: { record: PersonRecord }) {
  const { person } = record;
  const upload = useUploadPhoto(person.id);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // The preview's object address lives as long as it is shown.
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => {
      URL.revokeObjectURL(url);
      setPreview(null);
    };
  }, [file]);

  const choose = (chosen: File | undefined) => {
    setDone(null);
    setProblem(null);
    setFile(null);
    if (!chosen) return;
    if (!(photoTypes as readonly string[]).includes(chosen.type)) return setProblem(wrongType);
    if (chosen.size > maxPhotoBytes) return setProblem(tooLarge);
    setFile(chosen);
  };

  const save = async () => {
    if (!file) return setProblem("Choose a photo first.");
    setProblem(null);
    try {
      await upload.mutateAsync({ file, expectedVersion: person.version });
      setFile(null);
      if (input.current) input.current.value = "";
      setDone(person.hasPhoto ? "The photo was replaced." : "The photo was saved.");
    } catch (error) {
      setProblem(uploadProblem(error));
    }
  };

  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      <div className="display-flex flex-align-center flex-wrap margin-y-2">
        <PersonAvatar person={person} size="large" alt={person.hasPhoto ? `${personName(person.name)}: as now on record` : ""} />
        <p className="margin-left-2 margin-y-1">{person.hasPhoto ? "Current photo" : "No photo yet"}</p>
      </div>
      <div className={`usa-form-group${problem ? " usa-form-group--error" : ""}`}>
        <label className="usa-label" htmlFor={inputId}>
          {person.hasPhoto ? "Replace the photo" : "Upload a photo"}
        </label>
        <span className="usa-hint" id={hintId}>
          A JPEG, PNG or WebP image of {maxPhotoBytes / 1024} KB or less.
        </span>
        {problem ? (
          <div className="usa-error-message" id={errorId} role="alert">
            {problem}
          </div>
        ) : null}
        <input
          ref={input}
          id={inputId}
          className={`usa-file-input${problem ? " usa-input--error" : ""}`}
          type="file"
          accept={photoTypes.join(",")}
          aria-describedby={problem ? `${hintId} ${errorId}` : hintId}
          aria-invalid={problem ? true : undefined}
          onChange={(event) => choose(event.target.files?.[0])}
        />
      </div>
      {preview ? (
        <figure className="margin-x-0 margin-y-2">
          <img
            src={preview}
            alt={`${personName(person.name)}: preview, not saved yet`}
            className="waypoint-avatar waypoint-avatar--large"
          />
          <figcaption className="text-base">Preview: not saved yet</figcaption>
        </figure>
      ) : null}
      <Button className="margin-top-2" pending={upload.isPending} onClick={save}>
        {person.hasPhoto ? "Replace photo" : "Save photo"}
      </Button>
    </>
  );
}
