import type { TodayItem } from "../../../../shared/contract/today";
import { cautionLabels } from "../../../lib/supervision-labels";

/**
 * Safety cautions in a USWDS warning box: the words "Safety caution" and the kind always come with the icon and colour.
 * No live-region role: a worklist of many people must not interrupt a screen reader for each of them as it loads.
 */
export function Cautions({ cautions }: { cautions: TodayItem["cautions"] }) {
  if (cautions.length === 0) return null;
  return (
    <div className="usa-alert usa-alert--warning usa-alert--slim waypoint-caution" data-testid="cautions">
      <div className="usa-alert__body">
        <p className="usa-alert__text text-bold margin-bottom-05">
          {cautions.length === 1 ? "Safety caution" : `Safety cautions (${cautions.length})`}
        </p>
        <ul className="usa-list margin-y-0">
          {cautions.map((caution) => (
            <li key={`${caution.kind}:${caution.description}`}>
              <strong>{cautionLabels[caution.kind]}:</strong> {caution.description}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
