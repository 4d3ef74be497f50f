import { Link } from "react-router";
import { StatusTag, Table } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDate, formatDateTime } from "../../../lib/format";
import { levelLabels, personName, riskLabels, statusLabels, tagLabels } from "../../../lib/supervision-labels";
import { PersonAvatar } from "../../people/components/person-avatar";
import type { CaseloadPage } from "../api/caseload";

type Entry = CaseloadPage["entries"][number];

export function CaseloadTable({ entries, showOfficer, caption }: { entries: Entry[]; showOfficer: boolean; caption: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Identifiers</th>
          <th scope="col">Level</th>
          <th scope="col">Risk</th>
          <th scope="col">Status and flags</th>
          <th scope="col">Last contact</th>
          <th scope="col">Contact due</th>
          <th scope="col">Open alerts</th>
          <th scope="col">Priority</th>
          {showOfficer ? <th scope="col">Officer</th> : null}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <CaseloadRow key={entry.caseId} entry={entry} showOfficer={showOfficer} />
        ))}
        {entries.length === 0 ? (
          <tr>
            <td colSpan={showOfficer ? 10 : 9}>No cases match these filters.</td>
          </tr>
        ) : null}
      </tbody>
    </Table>
  );
}

function CaseloadRow({ entry, showOfficer }: { entry: Entry; showOfficer: boolean }) {
  const { person } = entry;
  return (
    <tr data-case-id={entry.caseId}>
      <th scope="row">
        <div className="waypoint-person-cell">
          <PersonAvatar person={person} />
          <div>
            <Link className="usa-link" to={paths.people.person.getHref(person.id)}>
              {person.name.last}, {personName({ ...person.name, last: "" })}
            </Link>
            <div className="font-sans-3xs text-base-dark">Born {formatDate(person.dateOfBirth)}</div>
          </div>
        </div>
      </th>
      <td className="font-sans-3xs">
        <div>Agency {person.agencyPersonNumber}</div>
        {person.stateId ? <div>State {person.stateId}</div> : null}
        {person.fbiNumber ? <div>FBI {person.fbiNumber}</div> : null}
        <div>Case {entry.caseNumber}</div>
      </td>
      <td data-column="level">{levelLabels[entry.supervisionLevel]}</td>
      <td>{entry.riskLevel ? riskLabels[entry.riskLevel] : "Not assessed"}</td>
      <td>
        <ul className="usa-list usa-list--unstyled">
          <li>
            <span className={`usa-tag ${entry.status === "warrant" ? "bg-secondary-dark" : "bg-base-dark"}`}>
              {statusLabels[entry.status]}
            </span>
          </li>
          {entry.hasSafetyCautions ? (
            <li className="margin-top-05 text-bold waypoint-nowrap">
              <span aria-hidden="true">⚠ </span>Safety caution
            </li>
          ) : null}
          {entry.tags.length > 0 ? (
            <li className="font-sans-3xs margin-top-05">{entry.tags.map((tag) => tagLabels[tag]).join(", ")}</li>
          ) : null}
        </ul>
      </td>
      <td className="waypoint-nowrap">{entry.lastContactAt ? formatDateTime(entry.lastContactAt) : "None recorded"}</td>
      <td className="waypoint-nowrap" data-column="contact-status">
        {formatDate(entry.contactDueBy)}
        {entry.contactStatus !== "due" ? (
          <div className="margin-top-05">
            <StatusTag status={entry.contactStatus} />
          </div>
        ) : null}
      </td>
      <td>{entry.openAlerts}</td>
      <td data-column="priority">{entry.priorityReason || "Routine"}</td>
      {showOfficer ? <td>{entry.officer.displayName}</td> : null}
    </tr>
  );
}
