import { ErrorAlert, Loading } from "../../../components/ui";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { useNow } from "../../../lib/use-now";
import { useActiveVisits } from "../api/field-visits";
import { ActiveVisitsList } from "../components/active-visits-list";
import { StartFieldVisit } from "../components/start-visit-form";

const updatedFormat = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * Supervisors (and the duty contact) watch the visits in progress, refreshed every 10 seconds, and acknowledge
 * escalations; everyone checks in to a visit not tied to one case here.
 */
export function FieldSafetyPage() {
  usePageTitle("Field safety");
  const { data: session } = useSession();
  const visits = useActiveVisits(10_000);
  const now = useNow(5_000);
  if (!session) return null;
  const userId = session.user.id;
  const supervisor = hasRole(session, ["supervisor"]);
  const others = visits.data?.filter((visit) => visit.officer.id !== userId) ?? [];

  return (
    <>
      <h1>Field safety</h1>
      {supervisor || others.length > 0 ? (
        <section aria-labelledby="visits-heading" className="margin-bottom-4">
          <h2 id="visits-heading">{supervisor ? "Your unit's visits in progress" : "Visits in progress"}</h2>
          {visits.isPending ? (
            <Loading label="Loading field visits…" />
          ) : visits.data ? (
            <>
              {/* A failed refresh keeps the last list on screen, with the error above it. */}
              {visits.isError ? <ErrorAlert error={visits.error} /> : null}
              <p className="font-sans-3xs text-base-dark" data-testid="visits-updated">
                Refreshed every 10 seconds; last at {updatedFormat.format(new Date(visits.dataUpdatedAt))}.
              </p>
              <ActiveVisitsList
                visits={others}
                now={now}
                // An officer sees others' visits only as the duty contact, who may acknowledge them.
                canAcknowledge={(visit) => supervisor || visit.officer.id !== userId}
              />
            </>
          ) : (
            <ErrorAlert error={visits.error} />
          )}
        </section>
      ) : null}
      <section aria-labelledby="own-visit-heading">
        <h2 id="own-visit-heading">Your field visit</h2>
        <p className="maxw-tablet">
          Check in before you go out, and check out when you are back. If you are not back by the time you give, you are alerted, then your
          supervisor and the duty contact. For a home visit, start it from the person's record.
        </p>
        <StartFieldVisit userId={userId} />
      </section>
    </>
  );
}
