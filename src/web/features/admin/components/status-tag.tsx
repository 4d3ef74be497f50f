import type { User } from "../../../../shared/contract/admin";

const labels: Record<User["status"], string> = { active: "Active", locked: "Locked", disabled: "Disabled" };
const classes: Record<User["status"], string> = { active: "bg-green", locked: "bg-secondary-dark", disabled: "bg-base-dark" };

export function StatusTag({ status }: { status: User["status"] }) {
  return <span className={`usa-tag ${classes[status]}`}>{labels[status]}</span>;
}
