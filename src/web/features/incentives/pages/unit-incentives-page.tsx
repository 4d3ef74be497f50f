import { useState } from "react";
import { ErrorAlert, Loading, Table } from "../../../components/ui";
import { formatDateRange } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useAgencyToday } from "../../../lib/session";
import { type Period, type RatioFacts, useUnitIncentives } from "../api/incentives";
import { PeriodPicker } from "../components/period-picker";
import { ratioText, targetText, targetWords, whatCounts } from "../components/ratio-text";

/** The ratio's cells of one row: incentives, sanctions, the ratio and whether it meets the target. */
function RatioCells({ facts }: { facts: RatioFacts }) {
  return (
    <>
      <td data-label="Incentives">{facts.incentives}</td>
      <td data-label="Sanctions">{facts.sanctions}</td>
      <td data-label="Ratio" data-testid="ratio">
        {ratioText(facts)}
      </td>
      <td data-label="Against the target">{targetWords(facts)}</td>
    </>
  );
}

/** A supervisor's unit: the incentive-to-sanction ratio of the unit and of each officer over a period. */
export function UnitIncentivesPage() {
  usePageTitle("Incentives and sanctions by officer");
  const [period, setPeriod] = useState<Period>({});
  const today = useAgencyToday();
  const unit = useUnitIncentives(period);
  return (
    <>
      <h1>Incentives and sanctions by officer</h1>
      {unit.isPending ? <Loading label="Loading the unit's ratios…" /> : null}
      {unit.isError ? <ErrorAlert error={unit.error} /> : null}
      {unit.data ? (
        <>
          <p>
            {unit.data.unitName}, {formatDateRange(unit.data.period.from, unit.data.period.to)}. The agency's target is{" "}
            {targetText(unit.data.targetRatio)}: about {unit.data.targetRatio} incentives for each sanction.
          </p>
          <p className="font-body-xs">
            {whatCounts} Each officer's row counts the incentives they recorded and the sanctions they chose on the unit's cases.
          </p>
          <PeriodPicker period={period} today={today} onChange={setPeriod} />
          <Table caption="Incentives and sanctions by officer">
            <thead>
              <tr>
                <th scope="col">Officer</th>
                <th scope="col">Incentives</th>
                <th scope="col">Sanctions</th>
                <th scope="col">Ratio</th>
                <th scope="col">Against the target</th>
              </tr>
            </thead>
            <tbody>
              {unit.data.officers.map((officer) => (
                <tr key={officer.officerId} data-testid="officer-ratio">
                  <th scope="row" data-label="Officer">
                    {officer.officerName}
                  </th>
                  <RatioCells facts={officer} />
                </tr>
              ))}
              <tr data-testid="unit-ratio">
                <th scope="row" data-label="Officer">
                  The whole unit
                </th>
                <RatioCells facts={unit.data.unit} />
              </tr>
            </tbody>
          </Table>
        </>
      ) : null}
    </>
  );
}
