import { Button, ErrorAlert } from "../../../components/ui";
import { useAfterPageRequests } from "../../../lib/after-page-requests";
import { useNow } from "../../../lib/use-now";
import { formatTime, ownVisit, useActiveVisits, useCheckOut } from "../api/field-visits";

/**
 * Shown on every page while the user is checked in to a field visit: where, when they are expected back, and
 * Check out. Once the expected time has passed it turns into an urgent alert (announced to screen readers).
 */
export function FieldVisitBanner({ userId }: { userId: string }) {
  const visits = useActiveVisits(30_000, useAfterPageRequests());
  const now = useNow(5_000);
  const checkOut = useCheckOut();
  const visit = ownVisit(visits.data, userId);
  if (!visit) return null;

  const overdue = now.getTime() > new Date(visit.expectedEndAt).getTime();
  const back = formatTime(visit.expectedEndAt);
  return (
    <section
      aria-label="Field visit in progress"
      className={`waypoint-visit-banner${overdue ? " waypoint-visit-banner--overdue" : ""}`}
      data-testid="field-visit-banner"
      data-overdue={overdue}
    >
      <div className={`usa-alert usa-alert--slim usa-alert--${overdue ? "error" : "info"}`}>
        <div className="usa-alert__body">
          <div className="waypoint-visit-banner__content">
            {overdue ? (
              <p className="usa-alert__text" role="alert">
                <strong>Overdue:</strong> you were expected back from {visit.location} by {back}.{" "}
                {visit.lastEscalatedAt
                  ? `Your supervisor was alerted at ${formatTime(visit.lastEscalatedAt)}${visit.acknowledgedAt ? " and has taken charge" : ""}. Check out now.`
                  : "Check out now, or your supervisor will be alerted."}
              </p>
            ) : (
              <p className="usa-alert__text">
                You are on a field visit at <strong>{visit.location}</strong>, expected back by <strong>{back}</strong>.
              </p>
            )}
            <Button
              variant={overdue ? "secondary" : "primary"}
              className="margin-y-05"
              pending={checkOut.isPending}
              onClick={() => checkOut.mutate()}
            >
              Check out
            </Button>
          </div>
        </div>
      </div>
      {checkOut.error ? <ErrorAlert error={checkOut.error} /> : null}
    </section>
  );
}
