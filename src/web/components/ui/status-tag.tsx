import type { StandardStatus } from "../../lib/supervision-labels";
import { standardStatusLabels } from "../../lib/supervision-labels";

const tagClasses: Record<StandardStatus, string> = {
  overdue: "bg-secondary-dark",
  due_soon: "bg-accent-warm-darker",
  due: "bg-base-dark",
  met: "bg-success-darker",
};

const symbols: Partial<Record<StandardStatus, string>> = { overdue: "⚠ ", met: "✓ " };

/** The status of a contact standard as a tag: always with its word (never by colour alone). */
export function StatusTag({ status }: { status: StandardStatus }) {
  return (
    <span className={`usa-tag ${tagClasses[status]}`} data-status={status}>
      {symbols[status] ? <span aria-hidden="true">{symbols[status]}</span> : null}
      {standardStatusLabels[status]}
    </span>
  );
}
