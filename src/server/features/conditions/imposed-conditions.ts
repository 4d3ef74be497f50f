// A condition another capability imposes (a violation response's curfew), through the same versions an officer's
// modification makes: the case's current condition of that kind gets a new version from today (the old one ends the
// day before), or, with none in force, the agency's catalogue entry of that kind is attached from today.
import type { ConditionKind } from "../../../shared/contract/conditions";
import { addDays } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import { conflict } from "../../platform/errors";
import { syncConditionZones } from "../monitoring/zones/condition-zones";
import * as queries from "./conditions.queries";
import { validateParameters } from "./conditions.service";

export async function imposeCondition(
  tx: Queryable,
  input: {
    caseId: string;
    agencyId: string;
    kind: ConditionKind;
    parameters: unknown;
    /** The calendar day it takes effect (the agency's today). */
    from: string;
    orderedBy: string;
    by: string;
    /** The change's time: the zones a curfew implies open and close by it. */
    now: Date;
  },
): Promise<{ conditionId: string; supersedes: string | null }> {
  const parameters = validateParameters(input.kind, input.parameters, "effect.curfew");
  const current = await queries.lockCurrentConditionOfKind(tx, input.caseId, input.kind, input.from);
  if (current) {
    // A version cannot be replaced from before its own start: then the new one starts the day after it.
    const effectiveFrom = input.from > current.effective_from ? input.from : addDays(current.effective_from, 1);
    const conditionId = await queries.insertCondition(tx, {
      caseId: input.caseId,
      conditionTypeId: current.condition_type_id,
      parameters,
      effectiveFrom,
      effectiveTo: current.effective_to && current.effective_to >= effectiveFrom ? current.effective_to : null,
      orderedBy: input.orderedBy.slice(0, 200),
      supersedes: current.id,
      createdBy: input.by,
    });
    await queries.endConditionBefore(tx, current.id, effectiveFrom);
    await syncConditionZones(tx, input.caseId, { by: input.by, now: input.now, write: true });
    return { conditionId, supersedes: current.id };
  }
  const typeId = await queries.findConditionTypeOfKind(tx, input.agencyId, input.kind);
  if (!typeId)
    throw conflict(`The agency's condition catalogue has no ${input.kind.replace(/_/g, " ")} condition to impose.`, [
      { field: "response", message: `no ${input.kind} condition in the catalogue` },
    ]);
  const conditionId = await queries.insertCondition(tx, {
    caseId: input.caseId,
    conditionTypeId: typeId,
    parameters,
    effectiveFrom: input.from,
    effectiveTo: null,
    orderedBy: input.orderedBy.slice(0, 200),
    supersedes: null,
    createdBy: input.by,
  });
  await syncConditionZones(tx, input.caseId, { by: input.by, now: input.now, write: true });
  return { conditionId, supersedes: null };
}
