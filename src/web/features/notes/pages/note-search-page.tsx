import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Button, ErrorAlert, Loading, TextInput } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { noteTypeLabels } from "../../../lib/supervision-labels";
import { useNoteSearch } from "../api/notes";

const excerpt = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max).trimEnd()}…` : text);

/** Full-text search of the notes of every case the user can see. */
export function NoteSearchPage() {
  usePageTitle("Search notes");
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get("q") ?? "";
  const [text, setText] = useState(q);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(q), [q]);
  const results = useNoteSearch(q);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length < 2) {
      setError("Enter at least 2 characters");
      return;
    }
    setError(undefined);
    setSearchParams({ q: text.trim() });
  };

  return (
    <>
      <h1>Search notes</h1>
      <search aria-label="Case notes">
        <form className="usa-form" onSubmit={submit} noValidate>
          <TextInput
            label="Words to find"
            hint="Searches the notes of every case you can see"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            error={error}
          />
          <Button type="submit" className="margin-top-2">
            Search
          </Button>
        </form>
      </search>
      <div className="margin-top-4">
        {results.isFetching ? <Loading label="Searching…" /> : null}
        <ErrorAlert error={results.error} />
        {results.data ? (
          <>
            {/* The count is announced from a live region around the heading: a heading cannot take the status role. */}
            <div role="status">
              <h2>
                {results.data.notes.length === 0
                  ? `No notes match “${q}”`
                  : `${results.data.notes.length} ${results.data.notes.length === 1 ? "note matches" : "notes match"} “${q}”`}
              </h2>
            </div>
            <ol className="usa-list usa-list--unstyled">
              {results.data.notes.map((note) => (
                <li key={note.id} className="waypoint-note">
                  <h3 className="margin-y-05">
                    {noteTypeLabels[note.noteType]}, {formatDateTime(note.occurredAt)}
                  </h3>
                  <p className="margin-y-05 font-sans-3xs">
                    By {note.author.displayName} · {note.status === "signed" ? "Signed" : "Draft"}
                    {note.amendsNoteId ? " · Amendment" : ""}
                  </p>
                  <p className="waypoint-note__narrative margin-y-05">{excerpt(note.narrative)}</p>
                  <p className="margin-y-05">
                    <Link className="usa-link" to={`${paths.people.person.getHref(note.personId)}#note-${note.id}`}>
                      {note.personName}, case {note.caseNumber}
                    </Link>
                  </p>
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
    </>
  );
}
