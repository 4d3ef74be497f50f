import { type ConditionKind, conditionParameters } from "../../../shared/contract/conditions";
import { weekdayNames } from "../../../shared/time/calendar-date";
import { AppError } from "../../platform/errors";
import type { ModificationRequest, RequestStatus } from "./conditions.queries";

/*
 * A second step on a condition that someone else already took (a new version, its end, a decision on a request):
 * 409 edit_conflict saying which condition, who changed it and what changed, so the form can show it and offer to reload.
 */

const day = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));

/** "hoursPerWeek" → "hours per week". */
const words = (key: string) => key.replace(/([A-Z])/g, " $1").toLowerCase();

/** A parameter's value in words: money, dates, yes/no, weekdays, option codes without underscores. */
function valueText(key: string, value: unknown): string {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return "none";
  if (key.endsWith("Cents") && typeof value === "number") return `$${(value / 100).toFixed(2)}`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  if (Array.isArray(value)) return value.map((item) => valueText(key, item)).join(", ");
  return weekdayNames[String(value)] ?? String(value).replaceAll("_", " ");
}

/** The parameters that differ between two versions, in the form's order: "start 22:00 → 21:00; days none → fri, sat". */
export function parameterChanges(kind: ConditionKind, before: Record<string, unknown>, after: Record<string, unknown>): string {
  const keys = Object.keys((conditionParameters[kind] as unknown as { shape: Record<string, unknown> }).shape);
  return keys
    .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .map((key) => `${words(key.replace(/Cents$/, ""))} ${valueText(key, before[key])} → ${valueText(key, after[key])}`)
    .join("; ");
}

const reload = [{ field: "expectedVersion", message: "the condition has changed since it was read" }];

/** The version the form was opened on was replaced meanwhile: by whom, from when, and what the new version changed. */
export function supersededConflict(
  version: { kind: ConditionKind; title: string; parameters: Record<string, unknown> },
  successor: { effective_from: string; parameters: Record<string, unknown>; created_by_name: string | null },
  step: "change" | "end",
): AppError {
  const changes = parameterChanges(version.kind, version.parameters, successor.parameters);
  return new AppError(
    "edit_conflict",
    `${successor.created_by_name ?? "Someone else"} recorded a new version of ${version.title} after you opened it, in force from ` +
      `${day(successor.effective_from)}${changes ? ` (${changes})` : " (same parameters)"}. ` +
      `Reload to see the current version, then ${step} that one if you still need to.`,
    reload,
  );
}

/** The condition was ended meanwhile. */
export const endedConflict = (version: { title: string; effective_to: string }): AppError =>
  new AppError(
    "edit_conflict",
    `${version.title} has already ended: its last day is ${day(version.effective_to)}. Reload to see the current conditions.`,
    reload,
  );

/** A request moved on (submitted, granted or denied by someone else) since the page showed it. */
export function requestMovedOn(request: ModificationRequest, wanted: RequestStatus): AppError {
  const by = request.decidedByName && (request.status === "granted" || request.status === "denied") ? ` by ${request.decidedByName}` : "";
  return new AppError(
    "edit_conflict",
    `The request to ${request.change} ${request.conditionTitle} was already ${request.status}${by}, ` +
      `so it cannot be ${wanted}. Reload to see where it stands.`,
    [{ field: "status", message: `already ${request.status}` }],
  );
}
