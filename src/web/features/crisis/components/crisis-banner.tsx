import { crisisTypeLabels } from "../../../../shared/contract/crisis";
import { Alert } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { useCaseCrises } from "../api/crisis";

/** Under the person's header while a crisis of the case is open: what it is, since when, and where its record is. */
export function CrisisBanner({ caseId }: { caseId: string }) {
  const { data } = useCaseCrises(caseId);
  const open = data?.crises.filter((crisis) => crisis.status === "open") ?? [];
  if (open.length === 0) return null;
  return (
    <div className="margin-top-2" data-testid="crisis-banner">
      <Alert
        type="error"
        heading={open.length === 1 ? `Crisis open: ${crisisTypeLabels[open[0]!.type]}` : `${open.length} crises open`}
        headingLevel="h2"
        role="status"
      >
        <ul className="usa-list margin-y-05">
          {open.map((crisis) => (
            <li key={crisis.id}>
              {crisisTypeLabels[crisis.type]} since {formatDateTime(crisis.occurredAt)}
            </li>
          ))}
        </ul>
        <p className="margin-y-05">
          <a className="usa-link" href="#crisis">
            See the checklist, crisis contacts and follow-ups
          </a>
        </p>
      </Alert>
    </div>
  );
}
