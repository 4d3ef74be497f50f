import { useState } from "react";
import { type AlertKind, type AlertSeverity, alertKinds } from "../../../../../shared/contract/monitoring-alerts";
import { ErrorAlert, Loading, Select } from "../../../../components/ui";
import { usePageTitle } from "../../../../lib/page-title";
import { hasRole, useSession } from "../../../../lib/session";
import { type QueueFilters, useAlertQueue } from "../api/alerts";
import { AlertsTable } from "../components/alerts-table";
import { alertKindLabels, alertSeverityLabels } from "../lib/alert-text";

const statusOptions = [
  { value: "open", label: "Not resolved" },
  { value: "new", label: "New" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

/**
 * The alert queue: the monitoring alerts of the officer's caseload (a supervisor's: the unit's), unresolved first by
 * severity; live, so a new alert appears without reloading.
 */
export function AlertsPage() {
  usePageTitle("Alerts");
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const [filters, setFilters] = useState<QueueFilters>({ status: "open" });
  const queue = useAlertQueue(filters);
  return (
    <>
      <h1>Alerts</h1>
      <p className="margin-top-0 measure-6">
        Monitoring alerts of {isSupervisor ? "your unit's cases" : "your caseload"}. New alerts appear here as they are raised. Acknowledge
        an alert to take charge of it; resolve it once you know what happened.
      </p>
      <form className="usa-form maxw-none display-flex flex-wrap" aria-label="Filter alerts" onSubmit={(event) => event.preventDefault()}>
        <div className="margin-right-2">
          <Select
            label="Status"
            value={filters.status}
            onChange={(event) => setFilters({ ...filters, status: event.target.value as QueueFilters["status"] })}
            options={statusOptions}
          />
        </div>
        <div className="margin-right-2">
          <Select
            label="Severity"
            value={filters.severity ?? ""}
            onChange={(event) => setFilters({ ...filters, severity: (event.target.value || undefined) as AlertSeverity | undefined })}
            options={[
              { value: "", label: "Any severity" },
              ...(["high", "medium", "low"] as const).map((value) => ({ value, label: alertSeverityLabels[value] })),
            ]}
          />
        </div>
        <div className="margin-right-2">
          <Select
            label="Kind"
            value={filters.kind ?? ""}
            onChange={(event) => setFilters({ ...filters, kind: (event.target.value || undefined) as AlertKind | undefined })}
            options={[{ value: "", label: "Any kind" }, ...alertKinds.map((value) => ({ value, label: alertKindLabels[value] }))]}
          />
        </div>
      </form>
      <ErrorAlert error={queue.error} />
      {queue.isPending ? <Loading label="Loading the alerts…" /> : null}
      {queue.data ? (
        <>
          <p role="status">
            {queue.data.total === 0
              ? "No alert matches."
              : `${queue.data.total} alert${queue.data.total === 1 ? "" : "s"}${queue.data.total > queue.data.alerts.length ? `, the first ${queue.data.alerts.length} shown` : ""}.`}
          </p>
          {queue.data.alerts.length > 0 ? <AlertsTable alerts={queue.data.alerts} caption="Alerts" showPerson canTriage /> : null}
        </>
      ) : null}
    </>
  );
}
