import { useEffect, useState } from "react";
import { Link } from "react-router";
import { Button, ErrorAlert, Table } from "../../../../components/ui";
import { paths } from "../../../../config/paths";
import { formatDateTime } from "../../../../lib/format";
import { type MonitoringAlert, useAcknowledgeAlert } from "../api/alerts";
import { alertSeverityLabels, alertStatusText, kindWords, occurrencesText, severityTagClass, timeAgo } from "../lib/alert-text";
import { BulkAcknowledgeDialog, ResolveDialog } from "./triage-dialogs";

/** Re-renders each minute so "5 min ago" stays true. */
function useMinuteTick(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function SeverityTag({ severity }: { severity: MonitoringAlert["severity"] }) {
  return (
    <span className={`usa-tag ${severityTagClass[severity]}`} data-severity={severity}>
      {severity === "high" ? <span aria-hidden="true">⚠ </span> : null}
      {alertSeverityLabels[severity]}
    </span>
  );
}

/**
 * Alerts with their severity, person, kind in words and time ago; unresolved ones can be selected for bulk
 * acknowledge/resolve (all or nothing), or acknowledged and resolved one by one.
 */
export function AlertsTable({
  alerts,
  caption,
  showPerson,
  canTriage,
}: {
  alerts: readonly MonitoringAlert[];
  caption: string;
  showPerson: boolean;
  canTriage: boolean;
}) {
  const now = useMinuteTick();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [resolving, setResolving] = useState<MonitoringAlert[] | null>(null);
  const [acknowledging, setAcknowledging] = useState<MonitoringAlert[] | null>(null);
  const acknowledge = useAcknowledgeAlert();
  const open = alerts.filter((alert) => alert.status !== "resolved");
  const chosen = open.filter((alert) => selected.has(alert.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      {canTriage && open.length > 0 ? (
        <fieldset className="usa-fieldset display-flex flex-wrap flex-align-center margin-bottom-1">
          <legend className="usa-sr-only">Selected alerts</legend>
          <span className="margin-right-2" aria-live="polite">
            {chosen.length === 0 ? "No alert selected" : `${chosen.length} selected`}
          </span>
          <Button variant="outline" disabled={chosen.length === 0} onClick={() => setAcknowledging(chosen)}>
            Acknowledge selected
          </Button>
          <Button variant="outline" disabled={chosen.length === 0} onClick={() => setResolving(chosen)}>
            Resolve selected
          </Button>
        </fieldset>
      ) : null}
      <ErrorAlert error={acknowledge.error} />
      <Table caption={caption}>
        <thead>
          <tr>
            {canTriage ? (
              <th scope="col">
                <span className="usa-sr-only">Select</span>
              </th>
            ) : null}
            <th scope="col">Severity</th>
            {showPerson ? <th scope="col">Person</th> : null}
            <th scope="col">Alert</th>
            <th scope="col">When</th>
            <th scope="col">Status</th>
            {canTriage ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => {
            const person = `${alert.person.firstName} ${alert.person.lastName}`;
            return (
              <tr key={alert.id} data-testid="alert-row" data-alert-status={alert.status}>
                {canTriage ? (
                  <td data-label="Select">
                    {alert.status !== "resolved" ? (
                      <div className="usa-checkbox">
                        <input
                          className="usa-checkbox__input"
                          type="checkbox"
                          id={`select-${alert.id}`}
                          checked={selected.has(alert.id)}
                          onChange={(event) => toggle(alert.id, event.target.checked)}
                        />
                        <label className="usa-checkbox__label" htmlFor={`select-${alert.id}`}>
                          <span className="usa-sr-only">
                            Select {kindWords(alert.kind)}, {person}
                          </span>
                        </label>
                      </div>
                    ) : null}
                  </td>
                ) : null}
                <td>
                  <SeverityTag severity={alert.severity} />
                </td>
                {showPerson ? (
                  <td>
                    <Link className="usa-link" to={`${paths.people.person.getHref(alert.person.id)}#monitoring-alerts`}>
                      {person}
                    </Link>
                    <div className="font-body-3xs">Officer: {alert.officer.displayName}</div>
                  </td>
                ) : null}
                <td>
                  <strong>{kindWords(alert.kind)}</strong>
                  {alert.zoneName ? ` (${alert.zoneName})` : ""}
                  <div>{alert.detail}</div>
                  {alert.occurrences > 1 ? <div className="font-body-3xs">{occurrencesText(alert)}</div> : null}
                  {alert.noteCount > 0 ? (
                    <div className="font-body-3xs">{alert.noteCount === 1 ? "1 note" : `${alert.noteCount} notes`}</div>
                  ) : null}
                </td>
                <td>
                  <time dateTime={alert.lastEventAt} title={formatDateTime(alert.lastEventAt)}>
                    {timeAgo(alert.lastEventAt, now)}
                  </time>
                </td>
                <td>{alertStatusText(alert)}</td>
                {canTriage ? (
                  <td>
                    {alert.status === "new" ? (
                      <Button
                        variant="outline"
                        className="margin-bottom-1"
                        pending={acknowledge.isPending && acknowledge.variables?.id === alert.id}
                        onClick={() => acknowledge.mutate({ id: alert.id, version: alert.version })}
                      >
                        Acknowledge
                        <span className="usa-sr-only">
                          : {kindWords(alert.kind)}, {person}
                        </span>
                      </Button>
                    ) : null}
                    {alert.status !== "resolved" ? (
                      <Button variant="outline" onClick={() => setResolving([alert])}>
                        Resolve
                        <span className="usa-sr-only">
                          : {kindWords(alert.kind)}, {person}
                        </span>
                      </Button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
      {resolving ? (
        <ResolveDialog
          alerts={resolving}
          onClose={() => {
            setResolving(null);
            setSelected(new Set());
          }}
        />
      ) : null}
      {acknowledging ? (
        <BulkAcknowledgeDialog
          alerts={acknowledging}
          onClose={() => {
            setAcknowledging(null);
            setSelected(new Set());
          }}
        />
      ) : null}
    </>
  );
}
