import type { ReactNode } from "react";
import { Table } from "../../../components/ui";
import { formatConditionParameters, formatDate, formatDateTime } from "../../../lib/format";
import { complianceLabels, levelLabels, riskLabels, statusLabels, supervisionTypeLabels, tagLabels } from "../../../lib/supervision-labels";
import type { PersonRecord } from "../api/people";
import { inFormOrder } from "./conditions-parameters";
import { aliasKindLabel } from "./household-aliases";

type Case = PersonRecord["cases"][number];
type Condition = Case["conditions"][number];

/** A page section with its h2, reachable from the in-page navigation by its id. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="margin-top-5">
      <h2 id={`${id}-heading`} className="border-bottom-1px border-base-lighter padding-bottom-1">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function CaseOverview({ current, record }: { current: Case; record: PersonRecord }) {
  const { person } = record;
  return (
    <>
      <dl className="waypoint-facts">
        <dt>Case number</dt>
        <dd>{current.caseNumber}</dd>
        <dt>Supervision</dt>
        <dd>
          {supervisionTypeLabels[current.supervisionType]} ({current.population})
        </dd>
        <dt>Authority</dt>
        <dd>{current.authorityName}</dd>
        <dt>Docket</dt>
        <dd>{current.docketNumber ?? "—"}</dd>
        <dt>Supervision start</dt>
        <dd>{formatDate(current.supervisionStart)}</dd>
        <dt>Expected end</dt>
        <dd>{formatDate(current.expectedEnd)}</dd>
        {current.actualEnd ? (
          <>
            <dt>Ended</dt>
            <dd>
              {formatDate(current.actualEnd)}
              {current.closureReason ? ` (${current.closureReason.replaceAll("_", " ")})` : ""}
            </dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>{statusLabels[current.status]}</dd>
        <dt>Level and risk</dt>
        <dd>
          {levelLabels[current.supervisionLevel]} supervision,{" "}
          {current.riskLevel ? `${riskLabels[current.riskLevel].toLowerCase()} risk` : "risk not assessed"}
        </dd>
        <dt>Tags</dt>
        <dd>{current.tags.length > 0 ? current.tags.map((tag) => tagLabels[tag]).join(", ") : "None"}</dd>
        <dt>Phone</dt>
        <dd>{person.phone ?? "—"}</dd>
        <dt>Email</dt>
        <dd>{person.email ?? "—"}</dd>
        <dt>Languages</dt>
        <dd>{person.languages.join(", ") || "—"}</dd>
        <dt>Aliases</dt>
        <dd>
          {person.aliases.length > 0
            ? person.aliases.map((alias) => `${alias.fullName} (${aliasKindLabel(alias.kind).toLowerCase()})`).join(", ")
            : "None"}
        </dd>
      </dl>
      <h3>Offenses</h3>
      {current.offenses.length > 0 ? (
        <Table caption="Offenses of this case" captionHidden>
          <thead>
            <tr>
              <th scope="col">Offense</th>
              <th scope="col">Statute</th>
              <th scope="col">Severity</th>
              <th scope="col">Convicted on</th>
            </tr>
          </thead>
          <tbody>
            {current.offenses.map((offense, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: offenses have no id and never reorder
              <tr key={index}>
                <th scope="row">{offense.description}</th>
                <td>{offense.statute ?? "—"}</td>
                <td>{offense.severity === "felony" ? "Felony" : "Misdemeanor"}</td>
                <td>{formatDate(offense.convictedOn)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p>No offenses recorded.</p>
      )}
      <h3>Assignment history</h3>
      <Table caption="Officers assigned to this case" captionHidden>
        <thead>
          <tr>
            <th scope="col">Officer</th>
            <th scope="col">Unit</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {current.assignments.map((assignment) => (
            <tr key={`${assignment.startedAt}-${assignment.officerName}`}>
              <th scope="row">{assignment.officerName}</th>
              <td>{assignment.unitName}</td>
              <td>{formatDateTime(assignment.startedAt)}</td>
              <td>{assignment.endedAt ? formatDateTime(assignment.endedAt) : "Current"}</td>
              <td>{assignment.reason}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const isCurrent = (condition: Condition) => !condition.supersededBy && (!condition.effectiveTo || condition.effectiveTo >= today());

function ConditionTable({ caption, conditions }: { caption: string; conditions: Condition[] }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">Condition</th>
          <th scope="col">Details</th>
          <th scope="col">Effective</th>
          <th scope="col">Ordered by</th>
          <th scope="col">Compliance</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((condition) => (
          <tr key={condition.id}>
            <th scope="row">
              {condition.title}
              {condition.supersedes ? <div className="font-sans-3xs">Modified version of an earlier order</div> : null}
              {condition.supersededBy ? <div className="font-sans-3xs">Replaced by a later version</div> : null}
            </th>
            <td>{formatConditionParameters(inFormOrder(condition.kind, condition.parameters))}</td>
            <td className="waypoint-nowrap">
              {formatDate(condition.effectiveFrom)} – {condition.effectiveTo ? formatDate(condition.effectiveTo) : "open"}
            </td>
            <td>{condition.orderedBy}</td>
            <td>
              {condition.compliance === "non_compliant" ? <span aria-hidden="true">⚠ </span> : null}
              {complianceLabels[condition.compliance]}
            </td>
          </tr>
        ))}
        {conditions.length === 0 ? (
          <tr>
            <td colSpan={5}>None.</td>
          </tr>
        ) : null}
      </tbody>
    </Table>
  );
}

export function ConditionsSection({ current }: { current: Case }) {
  const active = current.conditions.filter(isCurrent);
  const history = current.conditions.filter((condition) => !isCurrent(condition));
  return (
    <>
      <ConditionTable caption="Current conditions" conditions={active} />
      {history.length > 0 ? <ConditionTable caption="Earlier and replaced conditions" conditions={history} /> : null}
    </>
  );
}
