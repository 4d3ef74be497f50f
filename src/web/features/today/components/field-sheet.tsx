import type { TodayItem } from "../../../../shared/contract/today";
import type { OrderedRoute } from "../../../../shared/geo/route-order";
import { cautionLabels } from "../../../lib/supervision-labels";
import type { RouteStop } from "./route";
import { addressLines, formatDistance, formatLongDate, taskText } from "./today-text";

type FieldSheetProps = {
  date: string;
  timeZone: string;
  officer: string;
  unit: string | null;
  route: OrderedRoute<RouteStop>;
  startsFromLocation: boolean;
  /** Items of the day that are not on the route (office work, phone calls, stops not chosen). */
  others: TodayItem[];
};

/**
 * The paper the officer takes into the field: only shown when printing (see the print rules in app.css). Stops in route
 * order, then the rest of the day, each with its cautions first and lines for handwritten notes.
 */
export function FieldSheet({ date, timeZone, officer, unit, route, startsFromLocation, others }: FieldSheetProps) {
  return (
    <section className="waypoint-print-only waypoint-field-sheet" aria-labelledby="field-sheet-heading" data-testid="field-sheet">
      <h2 id="field-sheet-heading" className="margin-top-0">
        Field sheet: {formatLongDate(date)}
      </h2>
      <p>
        Officer: <strong>{officer}</strong>
        {unit ? `, ${unit}` : ""}.{" "}
        {route.stops.length > 0
          ? `${route.stops.length} ${route.stops.length === 1 ? "stop" : "stops"}, ${formatDistance(route.totalKm)} in straight lines${
              startsFromLocation ? " from the officer's location" : ""
            }.`
          : "No field stops chosen."}
      </p>
      {route.stops.length > 0 ? (
        <>
          <h3>Stops in route order</h3>
          <ol className="usa-list usa-list--unstyled">
            {route.stops.map((stop, index) => (
              <SheetEntry
                key={stop.item.caseId}
                item={stop.item}
                timeZone={timeZone}
                number={index + 1}
                leg={legText(index, route.legsKm[index] ?? 0, startsFromLocation)}
              />
            ))}
          </ol>
        </>
      ) : null}
      {others.length > 0 ? (
        <>
          <h3>{route.stops.length > 0 ? "Also today" : "Today's work"}</h3>
          <ul className="usa-list usa-list--unstyled">
            {others.map((item) => (
              <SheetEntry key={item.caseId} item={item} timeZone={timeZone} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const legText = (index: number, km: number, startsFromLocation: boolean) =>
  index > 0 ? `${formatDistance(km)} from stop ${index}` : startsFromLocation ? `${formatDistance(km)} from the start` : "First stop";

function SheetEntry({ item, timeZone, number, leg }: { item: TodayItem; timeZone: string; number?: number; leg?: string }) {
  return (
    <li className="waypoint-sheet-entry" data-testid="field-sheet-entry">
      <h4 className="margin-y-0">
        {number !== undefined ? `${number}. ` : ""}
        {item.personName} <span className="text-normal">· Case {item.caseNumber}</span>
      </h4>
      {item.cautions.length > 0 ? (
        <div className="waypoint-sheet-caution">
          <strong>⚠ SAFETY CAUTION</strong>
          <ul className="margin-y-0">
            {item.cautions.map((caution) => (
              <li key={`${caution.kind}:${caution.description}`}>
                <strong>{cautionLabels[caution.kind]}:</strong> {caution.description}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="waypoint-sheet-columns">
        <div>
          {item.address ? addressLines(item.address).map((line) => <div key={line}>{line}</div>) : <div>No current address</div>}
          <div>Phone: {item.phone ?? "none on record"}</div>
          {leg ? <div>{leg}</div> : null}
        </div>
        <div>
          <div>Priority: {item.priorityReason || "Routine"}</div>
          <ul className="margin-y-0">
            {item.tasks.map((task) => (
              <li key={`${task.kind}:${taskText(task, timeZone)}`}>{taskText(task, timeZone)}</li>
            ))}
          </ul>
        </div>
      </div>
      <div className="waypoint-sheet-notes" aria-hidden="true">
        <span>Notes</span>
        <span className="waypoint-sheet-line" />
        <span className="waypoint-sheet-line" />
        <span className="waypoint-sheet-line" />
      </div>
    </li>
  );
}
