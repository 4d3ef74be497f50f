import { Alert } from "../../../components/ui";
import { formatDate } from "../../../lib/format";
import { cautionLabels, levelLabels, personName, riskLabels, statusLabels } from "../../../lib/supervision-labels";
import type { PersonRecord } from "../api/people";
import { PersonAvatar } from "./person-avatar";

type Case = PersonRecord["cases"][number];

/** Photo, name, identifiers and the current case's level, status and officer; safety cautions right below the name. */
export function PersonHeader({ record, current }: { record: PersonRecord; current: Case | null }) {
  const { person, cautions } = record;
  return (
    <header className="margin-bottom-3">
      <div className="display-flex flex-align-center flex-wrap">
        <PersonAvatar person={person} size="large" alt={person.hasPhoto ? `Photo of ${personName(person.name)}` : ""} />
        <h1 className="margin-left-2 margin-y-1 waypoint-break-anywhere">{personName(person.name)}</h1>
      </div>
      {cautions.length > 0 ? (
        <div className="margin-y-2">
          <Alert type="warning" heading={cautions.length === 1 ? "Safety caution" : `Safety cautions (${cautions.length})`} role="alert">
            <ul className="usa-list margin-y-0">
              {cautions.map((caution) => (
                <li key={caution.id}>
                  <strong>{cautionLabels[caution.kind]}:</strong> {caution.description}
                </li>
              ))}
            </ul>
          </Alert>
        </div>
      ) : null}
      <dl className="waypoint-facts margin-top-2" aria-label="Identity and supervision">
        <dt>Date of birth</dt>
        <dd>{formatDate(person.dateOfBirth)}</dd>
        <dt>Agency number</dt>
        <dd>{person.agencyPersonNumber}</dd>
        <dt>State ID</dt>
        <dd>{person.stateId ?? "—"}</dd>
        <dt>FBI number</dt>
        <dd>{person.fbiNumber ?? "—"}</dd>
        {current ? (
          <>
            <dt>Supervision level</dt>
            <dd>{levelLabels[current.supervisionLevel]}</dd>
            <dt>Risk</dt>
            <dd>{current.riskLevel ? riskLabels[current.riskLevel] : "Not assessed"}</dd>
            <dt>Status</dt>
            <dd>{statusLabels[current.status]}</dd>
            <dt>Officer</dt>
            <dd>
              {current.officer.displayName}
              {current.coOfficers.length > 0 ? ` (with ${current.coOfficers.map((officer) => officer.displayName).join(", ")})` : ""}
            </dd>
            <dt>Unit</dt>
            <dd>{current.unit.name}</dd>
          </>
        ) : null}
      </dl>
    </header>
  );
}
