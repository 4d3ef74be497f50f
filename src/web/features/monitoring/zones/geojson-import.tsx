import { useId, useState } from "react";
import type { FieldIssue } from "../../../lib/api-client";
import { isApiError } from "../../../lib/api-client";

/** Most a GeoJSON file may weigh here (the server's limit is a little above). */
const maxFileBytes = 20 * 1024 * 1024;

/**
 * A GeoJSON file chosen from the computer, read and parsed in the browser (nothing is sent until the form is). The
 * parsed value, or the reason it could not be read, goes to the caller.
 */
export function GeoJsonFileInput({
  onRead,
}: {
  onRead: (result: { value: unknown; fileName: string } | { error: string } | null) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState("");
  return (
    <div className="usa-form-group">
      <label className="usa-label" htmlFor={id}>
        GeoJSON file
      </label>
      <span className="usa-hint" id={`${id}-hint`}>
        A FeatureCollection of Polygon or MultiPolygon features (.geojson or .json).
      </span>
      <input
        id={id}
        className="usa-file-input__input"
        type="file"
        accept=".geojson,.json,application/geo+json,application/json"
        aria-describedby={`${id}-hint ${id}-status`}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) {
            onRead(null);
            setStatus("");
            return;
          }
          if (file.size > maxFileBytes) {
            onRead({ error: "The file is larger than 20 MB." });
            setStatus("");
            return;
          }
          try {
            const value = JSON.parse(await file.text()) as unknown;
            onRead({ value, fileName: file.name });
            const count = (value as { features?: unknown[] }).features?.length;
            setStatus(typeof count === "number" ? `${file.name}: ${count === 1 ? "1 feature" : `${count} features`}.` : file.name);
          } catch {
            onRead({ error: "The file is not valid JSON." });
            setStatus("");
          }
        }}
      />
      <span id={`${id}-status`} className="display-block margin-top-05" role="status">
        {status}
      </span>
    </div>
  );
}

/** The features' problems from a refused import, by feature number (1-based for people). */
export function ImportReport({ issues }: { issues: FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <section aria-labelledby="import-report" className="margin-top-2" data-testid="import-report">
      <h3 id="import-report">Problems in the file (nothing was imported)</h3>
      <ul className="usa-list">
        {issues.map((issue, index) => {
          const feature = /^features\.(\d+)$/.exec(issue.field);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: one feature may have several problems; the list does not change order
            <li key={index}>
              {feature ? `Feature ${Number(feature[1]) + 1}` : "The file"} {issue.message}.
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The per-feature issues of an import refused with 400, to show beside the error summary. */
export const importIssuesOf = (error: unknown): FieldIssue[] =>
  isApiError(error) && error.status === 400 ? error.issues.filter((issue) => issue.field.startsWith("feature")) : [];
