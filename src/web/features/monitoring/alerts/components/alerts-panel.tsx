import { useState } from "react";
import { Button, ConfirmDialog, ErrorAlert, Loading } from "../../../../components/ui";
import { formatDate, formatDateTime } from "../../../../lib/format";
import { type AlertSuspension, useCaseAlerts, useLiftSuspension } from "../api/alerts";
import { alertKindLabels, weekdayNames } from "../lib/alert-text";
import { AlertsTable } from "./alerts-table";
import { SuspensionDialog } from "./suspension-dialog";

/** A suspension in words: which kinds, when, why, and who set it. */
function suspensionText(suspension: AlertSuspension): string {
  const kinds = suspension.alertKinds ? suspension.alertKinds.map((kind) => alertKindLabels[kind].toLowerCase()).join(", ") : "all alerts";
  const when =
    suspension.scheduleKind === "one_off"
      ? `${formatDateTime(suspension.startsAt)} to ${formatDateTime(suspension.endsAt)}`
      : `every ${(suspension.weekdays ?? []).map((day) => weekdayNames[day - 1]).join(", ")} from ${suspension.windowStart} to ${suspension.windowEnd}${
          suspension.endsAt ? `, until ${formatDate(suspension.endsAt.slice(0, 10))}` : ""
        }`;
  return `${kinds[0]!.toUpperCase()}${kinds.slice(1)}: ${when}`;
}

/**
 * The person page's monitoring alerts for the case: open ones to triage, the last 90 days' resolved ones (those raised
 * during a suspension among them, so what happened then stays visible), and the case's alert suspensions.
 */
export function AlertsPanel({ caseId, canAct }: { caseId: string; canAct: boolean }) {
  const alerts = useCaseAlerts(caseId);
  const lift = useLiftSuspension();
  const [suspending, setSuspending] = useState(false);
  const [lifting, setLifting] = useState<AlertSuspension | null>(null);
  if (alerts.isPending) return <Loading label="Loading the alerts…" />;
  if (alerts.error) return <ErrorAlert error={alerts.error} />;
  const { alerts: list, suspensions } = alerts.data;
  const current = suspensions.filter((suspension) => suspension.current);
  const openCount = list.filter((alert) => alert.status !== "resolved").length;
  return (
    <div>
      <p role="status" className="margin-top-0">
        {openCount === 0 ? "No open alert." : `${openCount} open alert${openCount === 1 ? "" : "s"}.`}
        {list.length > openCount ? ` ${list.length - openCount} resolved in the last 90 days.` : ""}
      </p>
      {list.length > 0 ? (
        <AlertsTable alerts={list} caption="Monitoring alerts of this case" showPerson={false} canTriage={canAct} />
      ) : null}
      <h3>Suspensions</h3>
      {current.length === 0 ? <p>No suspension in force or planned.</p> : null}
      <ul className="usa-list">
        {current.map((suspension) => (
          <li key={suspension.id} data-testid="alert-suspension">
            {suspensionText(suspension)}. Reason: {suspension.reason} (by {suspension.createdBy}, {formatDateTime(suspension.createdAt)}).{" "}
            {canAct ? (
              <Button variant="unstyled" onClick={() => setLifting(suspension)}>
                Lift this suspension
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canAct ? (
        <Button variant="outline" onClick={() => setSuspending(true)}>
          Suspend alerts
        </Button>
      ) : null}
      {suspending ? <SuspensionDialog caseId={caseId} onClose={() => setSuspending(false)} /> : null}
      {lifting ? (
        <ConfirmDialog
          title="Lift the suspension"
          confirmLabel="Lift suspension"
          pending={lift.isPending}
          error={lift.error}
          onClose={() => setLifting(null)}
          onConfirm={() => lift.mutateAsync(lifting.id)}
        >
          <p className="margin-top-0">{suspensionText(lifting)}. From now on, these alerts are raised and announced as usual.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
