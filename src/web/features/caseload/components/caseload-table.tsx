import { Link } from "react-router";
import { StatusTag, Table } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDate, formatDateTime } from "../../../lib/format";
import { levelLabels, personName, riskLabels, statusLabels, tagLabels } from "../../../lib/supervision-labels";
import { tabletAndUp, useMediaQuery } from "../../../lib/use-media-query";
import { PersonAvatar } from "../../people/components/person-avatar";
import type { CaseloadPage } from "../api/caseload";

type Entry = CaseloadPage["entries"][number];
type Props = { entries: Entry[]; showOfficer: boolean; caption: string };

/**
 * The caseload: a table on a desk, whose columns are what decides the day (priority and its reason, then the contact
 * due), with identifiers folded under the name; a list of cards on a phone.
 */
export function CaseloadTable(props: Props) {
  return useMediaQuery(tabletAndUp) ? <CaseloadRows {...props} /> : <CaseloadCards {...props} />;
}

function CaseloadRows({ entries, showOfficer, caption }: Props) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Priority</th>
          <th scope="col">Contact due</th>
          <th scope="col">Last contact</th>
          <th scope="col">Supervision</th>
          <th scope="col">Status and flags</th>
          {showOfficer ? <th scope="col">Officer</th> : null}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <CaseloadRow key={entry.caseId} entry={entry} showOfficer={showOfficer} />
        ))}
        {entries.length === 0 ? (
          <tr>
            <td colSpan={showOfficer ? 7 : 6}>No cases match these filters.</td>
          </tr>
        ) : null}
      </tbody>
    </Table>
  );
}

function CaseloadRow({ entry, showOfficer }: { entry: Entry; showOfficer: boolean }) {
  return (
    <tr data-case-id={entry.caseId}>
      <th scope="row">
        <PersonCell entry={entry} />
      </th>
      <td data-column="priority" className="waypoint-caseload__priority">
        {entry.priorityReason || "Routine"}
      </td>
      <td data-column="contact-status">
        <ContactDue entry={entry} />
      </td>
      <td>{entry.lastContactAt ? formatDateTime(entry.lastContactAt) : "None recorded"}</td>
      <td>
        <Supervision entry={entry} />
      </td>
      <td>
        <Flags entry={entry} />
      </td>
      {showOfficer ? <td>{entry.officer.displayName}</td> : null}
    </tr>
  );
}

function CaseloadCards({ entries, showOfficer, caption }: Props) {
  if (entries.length === 0) return <p>No cases match these filters.</p>;
  return (
    <ul className="usa-list usa-list--unstyled waypoint-case-cards" aria-label={caption}>
      {entries.map((entry) => (
        <li key={entry.caseId} className="waypoint-case-card" data-case-id={entry.caseId}>
          <PersonCell entry={entry} />
          <p className="waypoint-case-card__priority" data-column="priority">
            {entry.priorityReason || "Routine"}
          </p>
          <dl className="waypoint-case-card__facts">
            <div>
              <dt>Contact due</dt>
              <dd data-column="contact-status">
                <ContactDue entry={entry} />
              </dd>
            </div>
            <div>
              <dt>Last contact</dt>
              <dd>{entry.lastContactAt ? formatDateTime(entry.lastContactAt) : "None recorded"}</dd>
            </div>
            <div>
              <dt>Supervision</dt>
              <dd>
                <Supervision entry={entry} />
              </dd>
            </div>
            {showOfficer ? (
              <div>
                <dt>Officer</dt>
                <dd>{entry.officer.displayName}</dd>
              </div>
            ) : null}
          </dl>
          <Flags entry={entry} />
        </li>
      ))}
    </ul>
  );
}

/** Photo, name (to the person page) and the identifiers an officer quotes: agency number and case number. */
function PersonCell({ entry }: { entry: Entry }) {
  const { person } = entry;
  return (
    <div className="waypoint-person-cell">
      <PersonAvatar person={person} />
      <div className="minw-0">
        <Link className="usa-link text-bold" to={paths.people.person.getHref(person.id)}>
          {person.name.last}, {personName({ ...person.name, last: "" })}
        </Link>
        <div className="font-sans-3xs text-base-dark text-normal">
          <span className="waypoint-nowrap">Agency {person.agencyPersonNumber}</span>
          {" · "}
          <span className="waypoint-nowrap">Case {entry.caseNumber}</span>
        </div>
      </div>
    </div>
  );
}

function ContactDue({ entry }: { entry: Entry }) {
  return (
    <>
      <span className="waypoint-nowrap">{formatDate(entry.contactDueBy)}</span>
      {entry.contactStatus !== "due" ? (
        <div className="margin-top-05">
          <StatusTag status={entry.contactStatus} />
        </div>
      ) : null}
    </>
  );
}

function Supervision({ entry }: { entry: Entry }) {
  return (
    <>
      <span data-column="level">{levelLabels[entry.supervisionLevel]}</span>
      <div className="font-sans-3xs text-base-dark">{entry.riskLevel ? `${riskLabels[entry.riskLevel]} risk` : "Risk not assessed"}</div>
    </>
  );
}

/** Status (a warrant stands out), an open crisis, safety caution, open alerts and caseload tags; what is routine is left out. */
function Flags({ entry }: { entry: Entry }) {
  return (
    <ul className="usa-list usa-list--unstyled waypoint-flags">
      <li>
        <span className={`usa-tag ${entry.status === "warrant" ? "bg-secondary-dark" : "bg-base-dark"}`}>{statusLabels[entry.status]}</span>
      </li>
      {entry.crisisOpen ? (
        <li>
          <span className="usa-tag bg-secondary-dark" data-column="crisis">
            Crisis open
          </span>
        </li>
      ) : null}
      {entry.hasSafetyCautions ? (
        <li className="text-bold">
          <span aria-hidden="true">⚠ </span>Safety caution
        </li>
      ) : null}
      {entry.openAlerts > 0 ? (
        <li className="text-bold" data-column="alerts">
          {entry.openAlerts === 1 ? "1 open alert" : `${entry.openAlerts} open alerts`}
        </li>
      ) : null}
      {entry.tags.length > 0 ? <li className="font-sans-3xs">{entry.tags.map((tag) => tagLabels[tag]).join(", ")}</li> : null}
    </ul>
  );
}
