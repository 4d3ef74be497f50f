import { useState } from "react";
import { Alert, Button, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { noteTypeLabels } from "../../../lib/supervision-labels";
import { type CaseNote, type NoteInput, useAmendNote, useCaseNotes, useCreateNote, useSignNote, useUpdateNote } from "../api/notes";
import { draftFromNote, emptyNoteDraft, NoteForm } from "./note-form";

type Props = { caseId: string; currentUserId: string };

/** The case's notes, newest event first: write a draft, edit and sign one's drafts, amend signed notes. */
export function NotesTimeline({ caseId, currentUserId }: Props) {
  const notes = useCaseNotes(caseId);
  const create = useCreateNote(caseId);
  const [formKey, setFormKey] = useState(0);
  const [announcement, setAnnouncement] = useState("");

  const all = notes.data?.pages.flatMap((page) => page.notes) ?? [];
  const loadedIds = new Set(all.map((note) => note.id));
  // Amendments are shown right after the note they correct (when it is loaded), not at their own place.
  const amendmentsOf = new Map<string, CaseNote[]>();
  for (const note of all) {
    if (note.amendsNoteId && loadedIds.has(note.amendsNoteId)) {
      amendmentsOf.set(note.amendsNoteId, [...(amendmentsOf.get(note.amendsNoteId) ?? []), note]);
    }
  }
  const topLevel = all.filter((note) => !(note.amendsNoteId && loadedIds.has(note.amendsNoteId)));
  const byId = new Map(all.map((note) => [note.id, note]));

  return (
    <>
      <h3>Add a note</h3>
      <NoteForm
        key={formKey}
        label="Add a note"
        initial={emptyNoteDraft()}
        submitLabel="Save draft"
        onSubmit={async (input) => {
          await create.mutateAsync(input);
          setFormKey((key) => key + 1);
          setAnnouncement("Draft note saved. Sign it to make it final.");
        }}
      />
      <div className="margin-top-2">
        {announcement ? (
          <Alert type="success" slim role="status">
            {announcement}
          </Alert>
        ) : null}
      </div>

      <h3>Timeline</h3>
      {notes.isPending ? <Loading label="Loading notes…" /> : null}
      <ErrorAlert error={notes.error} />
      {notes.data && all.length === 0 ? <p>No notes yet.</p> : null}
      <ol className="usa-list usa-list--unstyled" aria-label="Notes, newest first">
        {topLevel.map((note) => (
          <li key={note.id}>
            <NoteArticle
              note={note}
              caseId={caseId}
              currentUserId={currentUserId}
              original={note.amendsNoteId ? (byId.get(note.amendsNoteId) ?? null) : null}
              onDone={setAnnouncement}
            />
            {(amendmentsOf.get(note.id) ?? []).map((amendment) => (
              <NoteArticle
                key={amendment.id}
                note={amendment}
                caseId={caseId}
                currentUserId={currentUserId}
                original={note}
                onDone={setAnnouncement}
              />
            ))}
          </li>
        ))}
      </ol>
      {notes.hasNextPage ? (
        <Button variant="outline" pending={notes.isFetchingNextPage} onClick={() => void notes.fetchNextPage()}>
          {notes.isFetchingNextPage ? "Loading more notes…" : "Load more notes"}
        </Button>
      ) : null}
    </>
  );
}

type NoteArticleProps = {
  note: CaseNote;
  caseId: string;
  currentUserId: string;
  original: CaseNote | null;
  onDone: (message: string) => void;
};

function NoteArticle({ note, caseId, currentUserId, original, onDone }: NoteArticleProps) {
  const update = useUpdateNote(caseId);
  const sign = useSignNote(caseId);
  const amend = useAmendNote(caseId);
  const [amending, setAmending] = useState(false);
  const [confirming, setConfirming] = useState<NoteInput | null>(null);
  const [signError, setSignError] = useState<unknown>(null);
  const headingId = `note-${note.id}-heading`;
  const isDraft = note.status === "draft";
  const editable = isDraft && note.author.id === currentUserId;
  const isAmendment = Boolean(note.amendsNoteId);
  const title = `${isAmendment ? "Amendment: " : ""}${noteTypeLabels[note.noteType]}, ${formatDateTime(note.occurredAt)}`;

  return (
    <article
      id={`note-${note.id}`}
      aria-labelledby={headingId}
      className={`waypoint-note${isDraft ? " waypoint-note--draft" : ""}${isAmendment ? " waypoint-note--amendment" : ""}`}
    >
      <h4 id={headingId} className="margin-y-05">
        {title}
      </h4>
      <p className="margin-y-05 font-sans-3xs">
        {isDraft ? (
          <>
            <span className="usa-tag bg-accent-warm-dark">Draft</span> not signed; only you can see it
          </>
        ) : (
          <>
            <span className="usa-tag bg-green">Signed</span> by {note.author.displayName} on {formatDateTime(note.signedAt)}
          </>
        )}
      </p>
      {note.amendsNoteId ? (
        <p className="margin-y-05">
          Amends{" "}
          <a className="usa-link" href={`#note-${note.amendsNoteId}`}>
            {original ? `the note of ${formatDateTime(original.occurredAt)}` : "an earlier note"}
          </a>
          .
        </p>
      ) : null}
      {note.amendedBy.length > 0 ? (
        <p className="margin-y-05">
          This note has been amended:{" "}
          {note.amendedBy.map((id, index) => (
            <span key={id}>
              {index > 0 ? ", " : ""}
              <a className="usa-link" href={`#note-${id}`}>
                amendment {index + 1}
              </a>
            </span>
          ))}
          .
        </p>
      ) : null}

      {editable ? (
        <NoteForm
          label={`Edit draft: ${title}`}
          initial={draftFromNote(note)}
          submitLabel="Save draft"
          onSubmit={async (input) => {
            await update.mutateAsync({ noteId: note.id, input, expectedVersion: note.version });
            onDone("Draft note saved.");
          }}
          extraActions={(validateThen) => (
            <Button
              variant="secondary"
              className="margin-left-1"
              pending={update.isPending || sign.isPending}
              // Signing is final: it first asks, showing exactly what will be signed.
              onClick={validateThen((input) => {
                setSignError(null);
                setConfirming(input);
              })}
            >
              Sign note
            </Button>
          )}
        />
      ) : (
        <p className="waypoint-note__narrative" data-testid="note-narrative">
          {note.narrative}
        </p>
      )}
      {note.interview ? <InterviewFacts interview={note.interview} /> : null}
      <ErrorAlert error={signError} />
      {confirming ? (
        <Dialog title="Sign this note?" onClose={() => setConfirming(null)}>
          <p className="margin-top-0">Once signed, the note is final: it cannot be changed or deleted, only amended.</p>
          <dl aria-label="The note to sign">
            <dt className="text-bold">Type</dt>
            <dd className="margin-left-0 margin-bottom-1">{noteTypeLabels[confirming.noteType]}</dd>
            <dt className="text-bold">When</dt>
            <dd className="margin-left-0 margin-bottom-1">{formatDateTime(confirming.occurredAt)}</dd>
            <dt className="text-bold">Note</dt>
            <dd className="margin-left-0 margin-bottom-1 waypoint-note__narrative">{confirming.narrative}</dd>
          </dl>
          <ul className="usa-button-group">
            <li className="usa-button-group__item">
              <Button
                pending={update.isPending || sign.isPending}
                onClick={async () => {
                  const input = confirming;
                  try {
                    // Save what is on screen first, so the signed note is exactly what the officer read.
                    const sameMinute = (a: string, b: string) => Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(b) / 60_000);
                    let version = note.version;
                    if (
                      input.narrative !== note.narrative ||
                      input.noteType !== note.noteType ||
                      !sameMinute(input.occurredAt, note.occurredAt)
                    ) {
                      version = (await update.mutateAsync({ noteId: note.id, input, expectedVersion: version })).version;
                    }
                    // Signs the version just read or saved: a change made meanwhile elsewhere is a 409, not signed unseen.
                    await sign.mutateAsync({ noteId: note.id, expectedVersion: version });
                    setConfirming(null);
                    onDone("Note signed. It can no longer be changed; amend it to correct it.");
                  } catch (error) {
                    // Shown under the note once the dialog closes.
                    setSignError(error);
                    setConfirming(null);
                  }
                }}
              >
                Sign note
              </Button>
            </li>
            <li className="usa-button-group__item">
              <Button variant="unstyled" onClick={() => setConfirming(null)}>
                Keep as draft
              </Button>
            </li>
          </ul>
        </Dialog>
      ) : null}

      {!isDraft ? (
        amending ? (
          <NoteForm
            label={`Amend: ${title}`}
            initial={draftFromNote(note)}
            submitLabel="Save amendment"
            onSubmit={async (input) => {
              await amend.mutateAsync({ noteId: note.id, input });
              setAmending(false);
              onDone("Amendment saved as a draft. Sign it to make it final.");
            }}
            extraActions={() => (
              <Button variant="unstyled" className="margin-left-2" onClick={() => setAmending(false)}>
                Cancel
              </Button>
            )}
          />
        ) : (
          <Button variant="outline" onClick={() => setAmending(true)} aria-describedby={headingId}>
            Amend
          </Button>
        )
      ) : null}
    </article>
  );
}

/** A motivational-interviewing note's structured part: the person's goals, readiness, change talk and next steps. */
function InterviewFacts({ interview }: { interview: NonNullable<CaseNote["interview"]> }) {
  return (
    <dl className="margin-y-1" aria-label="Motivational interview">
      <dt className="text-bold">The person's goals, in their words</dt>
      <dd className="margin-left-0 margin-bottom-1 waypoint-note__narrative">{interview.ownGoals}</dd>
      <dt className="text-bold">Readiness to change</dt>
      <dd className="margin-left-0 margin-bottom-1">{interview.readiness} of 10</dd>
      {interview.changeTalk ? (
        <>
          <dt className="text-bold">Change talk</dt>
          <dd className="margin-left-0 margin-bottom-1 waypoint-note__narrative">{interview.changeTalk}</dd>
        </>
      ) : null}
      {interview.nextSteps.length > 0 ? (
        <>
          <dt className="text-bold">Next steps agreed</dt>
          <dd className="margin-left-0 margin-bottom-1">
            <ul className="usa-list margin-y-0">
              {interview.nextSteps.map((step, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: next steps have no id and never reorder
                <li key={index}>
                  {step.text}
                  {step.planStepId ? " (a step of the case plan)" : ""}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
