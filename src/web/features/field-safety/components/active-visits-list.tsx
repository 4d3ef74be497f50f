import { Button, ErrorAlert } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { type FieldVisit, formatTime, useAcknowledgeVisit, type VisitStatus, visitStatus } from "../api/field-visits";

const tagClasses: Record<VisitStatus["kind"], string> = {
  on_time: "bg-success-darker",
  overdue: "bg-secondary-dark",
  escalated: "bg-secondary-darker",
  acknowledged: "bg-base-dark",
};

/** A visit's status as a tag: always in words (and a symbol), never by colour alone. */
function VisitStatusTag({ status }: { status: VisitStatus }) {
  const symbol = status.kind === "on_time" ? "✓ " : status.kind === "acknowledged" ? "" : "⚠ ";
  return (
    <span className={`usa-tag ${tagClasses[status.kind]}`} data-testid="visit-status" data-status={status.kind}>
      {symbol ? <span aria-hidden="true">{symbol}</span> : null}
      {status.label}
    </span>
  );
}

/**
 * Field visits in progress, escalations first, as cards (readable on a phone without scrolling sideways);
 * escalations can be acknowledged by whoever is responsible.
 */
export function ActiveVisitsList({
  visits,
  now,
  canAcknowledge,
}: {
  visits: FieldVisit[];
  now: Date;
  canAcknowledge: (visit: FieldVisit) => boolean;
}) {
  const acknowledge = useAcknowledgeVisit();
  if (visits.length === 0) return <p>No field visits in progress.</p>;
  const ordered = [...visits].sort((a, b) => b.escalationLevel - a.escalationLevel || a.expectedEndAt.localeCompare(b.expectedEndAt));
  return (
    <>
      {acknowledge.error ? <ErrorAlert error={acknowledge.error} /> : null}
      <ul className="usa-list usa-list--unstyled maxw-tablet-lg" aria-label="Field visits in progress">
        {ordered.map((visit) => {
          const status = visitStatus(visit, now);
          const headingId = `visit-${visit.id}-officer`;
          return (
            <li
              key={visit.id}
              className={`waypoint-visit-card${status.overdue && status.kind !== "acknowledged" ? " waypoint-visit-card--alert" : ""}`}
              data-visit-id={visit.id}
              data-status={status.kind}
            >
              <div className="display-flex flex-wrap flex-align-center flex-justify">
                <h3 className="margin-y-05 margin-right-2" id={headingId}>
                  {visit.officer.displayName}
                </h3>
                <VisitStatusTag status={status} />
              </div>
              <dl className="waypoint-facts margin-y-1">
                <dt>Phone</dt>
                <dd data-field="phone">
                  {visit.officer.phone ? (
                    <a className="usa-link" href={`tel:${visit.officer.phone.replace(/[^\d+]/g, "")}`}>
                      {visit.officer.phone}
                    </a>
                  ) : (
                    "No phone number on their user record"
                  )}
                </dd>
                <dt>Where</dt>
                <dd>{visit.location}</dd>
                <dt>With</dt>
                <dd>
                  {visit.secondOfficer
                    ? visit.secondOfficer.displayName
                    : visit.soloOverrideReason
                      ? `Alone despite a caution: ${visit.soloOverrideReason}`
                      : "Alone"}
                </dd>
                <dt>Started</dt>
                <dd>{formatDateTime(visit.startedAt)}</dd>
                <dt>Expected back</dt>
                <dd>{formatTime(visit.expectedEndAt)}</dd>
                {visit.acknowledgedAt ? (
                  <>
                    <dt>Taken in charge</dt>
                    <dd>{formatTime(visit.acknowledgedAt)}</dd>
                  </>
                ) : null}
              </dl>
              {status.kind === "escalated" && canAcknowledge(visit) ? (
                <Button
                  variant="secondary"
                  className="margin-top-0"
                  aria-describedby={headingId}
                  pending={acknowledge.isPending && acknowledge.variables === visit.id}
                  onClick={() => acknowledge.mutate(visit.id)}
                >
                  Acknowledge
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
