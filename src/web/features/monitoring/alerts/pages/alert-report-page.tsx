import { type FormEvent, useState } from "react";
import { addDays } from "../../../../../shared/time/calendar-date";
import { Button, ErrorAlert, Loading, Table, TextInput } from "../../../../components/ui";
import { formatDate } from "../../../../lib/format";
import { usePageTitle } from "../../../../lib/page-title";
import { useAgencyToday } from "../../../../lib/session";
import { useAlertReport } from "../api/alerts";
import { alertKindLabels } from "../lib/alert-text";

const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });
const minutes = (value: number | null) => (value === null ? "—" : `${value} min`);

/**
 * The supervisor's alert load (issue 14 §8): alerts per officer per day, how long they take to acknowledge, and how
 * often each kind turns out false (GPS drift, a device fault). Tables: the app ships no chart library.
 */
export function AlertReportPage() {
  usePageTitle("Alert load");
  const today = useAgencyToday();
  const [period, setPeriod] = useState({ from: addDays(today, -6), to: today });
  const [draft, setDraft] = useState(period);
  const report = useAlertReport(period.from, period.to);
  const show = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(draft);
  };
  return (
    <>
      <h1>Alert load</h1>
      <p className="margin-top-0 measure-6">
        Monitoring alerts raised on your unit's cases, by officer and day; minutes from an alert being raised to someone acknowledging it;
        and the share of each kind that officers resolved as GPS drift or a device fault. Alerts raised during a suspension are left out.
      </p>
      <form className="usa-form maxw-none display-flex flex-wrap flex-align-end" aria-label="Choose the period" onSubmit={show}>
        <div className="margin-right-2">
          <TextInput label="From" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="margin-right-2">
          <TextInput label="To" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <Button type="submit" className="margin-top-2">
          Show
        </Button>
      </form>
      <ErrorAlert error={report.error} />
      {report.isPending ? <Loading label="Loading the report…" /> : null}
      {report.data ? (
        <>
          <p role="status">
            From {formatDate(report.data.from)} to {formatDate(report.data.to)}
            {report.data.officers.length === 0 ? ": no alert was raised." : "."}
          </p>
          {report.data.officers.length > 0 ? (
            <>
              <Table caption="Alerts by officer">
                <thead>
                  <tr>
                    <th scope="col">Officer</th>
                    <th scope="col">Alerts</th>
                    <th scope="col">Per day</th>
                    <th scope="col">Busiest day</th>
                    <th scope="col">Time to acknowledge (median)</th>
                    <th scope="col">Time to acknowledge (9 in 10 within)</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.officers.map((officer) => {
                    const busiest = officer.days.reduce((best, day) => (day.alerts > best.alerts ? day : best), officer.days[0]!);
                    return (
                      <tr key={officer.officerId}>
                        <th scope="row">{officer.name}</th>
                        <td>{officer.total}</td>
                        <td>{officer.perDay}</td>
                        <td>{busiest.alerts > 0 ? `${formatDate(busiest.date)} (${busiest.alerts})` : "—"}</td>
                        <td>{minutes(officer.acknowledgeP50Minutes)}</td>
                        <td>{minutes(officer.acknowledgeP90Minutes)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
              <Table caption="Alerts per officer per day">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {report.data.officers.map((officer) => (
                      <th scope="col" key={officer.officerId}>
                        {officer.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.data.officers[0]!.days.map((day, index) => (
                    <tr key={day.date}>
                      <th scope="row">{formatDate(day.date)}</th>
                      {report.data.officers.map((officer) => (
                        <td key={officer.officerId}>{officer.days[index]!.alerts}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Table>
              <Table caption="False alerts by kind">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Raised</th>
                    <th scope="col">Resolved by officers</th>
                    <th scope="col">False (GPS drift or device fault)</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.kinds.map((kind) => (
                    <tr key={kind.kind}>
                      <th scope="row">{alertKindLabels[kind.kind]}</th>
                      <td>{kind.raised}</td>
                      <td>{kind.resolvedByOfficers}</td>
                      <td>{kind.falseAlertRate === null ? "—" : `${kind.falseAlerts} (${percent.format(kind.falseAlertRate)})`}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
