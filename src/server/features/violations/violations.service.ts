import type { z } from "zod";
import type { riskLevel } from "../../../shared/contract/cases";
import {
  type CaseViolations,
  type mergeViolationsBody,
  type newResponseBody,
  type newViolationBody,
  type responseDecisionBody,
  type responseDoneBody,
  responseKindInfo,
  type responseMatrixBody,
  type severityTableBody,
  type updateViolationBody,
  type Violation,
  type ViolationSettings,
  violationTypeLabels,
  type WarningLetter,
} from "../../../shared/contract/violations";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion, editConflict } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import { cellFor, checkMatrix, moreSevere } from "./response-matrix";
import { applyResponseEffect, chooseResponse, riskColumn } from "./responses";
import { type AgencyViolationSettings, cancelResponsesOf, loadSettings, responseLabel, settleExplanationsDue } from "./violations";
import * as queries from "./violations.queries";

type RiskLevel = z.infer<typeof riskLevel>;

const closedCase = () =>
  conflict("The case is closed: violations and responses are not recorded on a closed case.", [
    { field: "caseId", message: "case closed" },
  ]);

const withAllowed =
  (settings: AgencyViolationSettings, risk: RiskLevel) =>
  (violation: queries.ViolationReadRow): Violation => ({
    ...violation,
    allowedResponses: cellFor(settings.matrix.rows, violation.severity, risk),
  });

export function createViolationsService(deps: FeatureDeps) {
  async function caseFacts(tx: Queryable, caseId: string) {
    const facts = await queries.findCaseFacts(tx, caseId);
    if (!facts) throw notFound("Case");
    return facts;
  }

  /** The violation as answered, with its matrix cell; the agency's settings are read unless the caller already has them. */
  async function readViolation(
    tx: Queryable,
    id: string,
    facts: { agency_id: string; risk_level: string | null },
    settings?: AgencyViolationSettings,
  ): Promise<Violation> {
    const current = settings ?? (await loadSettings(tx, facts.agency_id));
    return withAllowed(current, riskColumn(facts.risk_level))((await queries.findViolation(tx, id))!);
  }

  /**
   * Locks the violation and its case, and authorises the change (case.write); a closed case is a 409. Given the
   * version the form read, it claims the next one (a 409 naming who changed it since).
   */
  async function lockForChange(
    tx: Queryable,
    authorize: Guard["authorize"],
    id: string,
    action: string,
    details?: Record<string, string | number | boolean | null>,
    claim?: { expectedVersion: number; context: RequestContext },
  ) {
    // The case first, then the violation: the order the event consumer locks them in.
    const caseId = await queries.findViolationCaseId(tx, id);
    if (!caseId) throw notFound("Violation");
    const target = await loadCaseTarget(tx, caseId, true);
    authorize("case.write", target, { action, recordType: "violation", recordId: id, details });
    const violation = (await queries.lockViolation(tx, id))!;
    const facts = await caseFacts(tx, caseId);
    if (facts.status === "closed") throw closedCase();
    if (claim) {
      const { expectedVersion, context } = claim;
      const actorId = signedInActor(context).userId;
      await claimVersion(tx, {
        table: "violation",
        id,
        expectedVersion,
        actorId,
        now: context.now,
        what: "violation",
        timeZone: facts.time_zone,
      });
    }
    return { violation, target, facts };
  }

  return {
    /** The case's violations with their evidence and responses, and the matrix cell each may pick from. */
    async listForCase(context: RequestContext, caseId: string): Promise<CaseViolations> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "violation.list", recordType: "case", recordId: caseId });
        const facts = await caseFacts(tx, caseId);
        const settings = await loadSettings(tx, facts.agency_id);
        const risk = riskColumn(facts.risk_level);
        const violations = (await queries.listViolationsOfCase(tx, caseId)).map(withAllowed(settings, risk));
        const enforcementDecisions = await queries.listEnforcementDecisions(tx, caseId);
        return { riskLevel: facts.risk_level as RiskLevel | null, riskLevelUsed: risk, violations, enforcementDecisions };
      });
    },

    /** A violation recorded by hand (no event reports it); its severity is the agency's for the type unless given. */
    async record(context: RequestContext, caseId: string, input: z.infer<typeof newViolationBody>): Promise<Violation> {
      const actor = signedInActor(context);
      if (new Date(input.occurredAt).getTime() > context.now.getTime() + 5 * 60_000)
        throw badRequest("A violation cannot be dated in the future.", [{ field: "occurredAt", message: "in the future" }]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.write", await loadCaseTarget(tx, caseId, true), {
          action: "violation.recorded",
          recordType: "case",
          recordId: caseId,
          details: { type: input.type },
        });
        const facts = await caseFacts(tx, caseId);
        if (facts.status === "closed") throw closedCase();
        const settings = await loadSettings(tx, facts.agency_id);
        const id = await queries.insertViolation(tx, {
          agencyId: facts.agency_id,
          caseId,
          type: input.type,
          severity: input.severity ?? settings.severities[input.type],
          occurredAt: input.occurredAt,
          description: input.description,
          recordedBy: actor.userId,
          now: context.now,
        });
        return readViolation(tx, id, facts, settings);
      });
    },

    /**
     * Corrects the severity or description, records the person's account, or closes it by hand (addressed, or
     * withdrawn with a reason); optimistic concurrency on the version the form read.
     */
    async update(context: RequestContext, id: string, input: z.infer<typeof updateViolationBody>): Promise<Violation> {
      const actor = signedInActor(context);
      if (input.status === "withdrawn" && !input.statusReason)
        throw badRequest("Say why the violation is withdrawn.", [{ field: "statusReason", message: "required to withdraw" }]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { violation, facts } = await lockForChange(
          tx,
          authorize,
          id,
          "violation.updated",
          {
            status: input.status ?? null,
            severity: input.severity ?? null,
            personsAccount: input.personsAccount !== undefined,
          },
          { expectedVersion: input.expectedVersion, context },
        );
        if (violation.status === "withdrawn")
          throw conflict("This violation was withdrawn; it no longer changes.", [{ field: "status", message: "withdrawn" }]);
        if (input.status && violation.status !== "open")
          throw conflict(`This violation is already ${violation.status}.`, [{ field: "status", message: `already ${violation.status}` }]);
        await queries.updateViolation(tx, id, {
          severity: input.severity ?? violation.severity,
          description: input.description,
          personsAccount: input.personsAccount,
          status: input.status ?? violation.status,
          statusReason: input.status ? (input.statusReason ?? null) : undefined,
        });
        if (input.status === "withdrawn") {
          await cancelResponsesOf(tx, {
            violationIds: [id],
            reason: `The violation was withdrawn: ${input.statusReason}`,
            by: actor.userId,
            now: context.now,
          });
        }
        if (input.status || input.personsAccount) {
          await settleExplanationsDue(tx, {
            violationId: id,
            status: input.status === "withdrawn" ? "dismissed" : "done",
            reason: input.status ? `The violation was ${input.status}` : "The person's explanation was recorded",
            by: actor.userId,
            now: context.now,
          });
        }
        return readViolation(tx, id, facts);
      });
    },

    /**
     * Groups other open violations of the same case (one episode) into this one: their evidence and responses move
     * to it, each is withdrawn saying where it went, and this one takes the most serious severity and the earliest time.
     */
    async merge(context: RequestContext, id: string, input: z.infer<typeof mergeViolationsBody>): Promise<Violation> {
      const actor = signedInActor(context);
      const others = [...new Set(input.violationIds)];
      if (others.includes(id))
        throw badRequest("A violation cannot be grouped into itself.", [{ field: "violationIds", message: "names this violation" }]);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { violation, facts } = await lockForChange(
          tx,
          authorize,
          id,
          "violation.merged",
          { merged: others.length },
          { expectedVersion: input.expectedVersion, context },
        );
        if (violation.status !== "open")
          throw conflict(`Only an open violation takes others in; this one is ${violation.status}.`, [
            { field: "status", message: violation.status },
          ]);
        const merged = await queries.lockViolations(tx, others);
        for (const otherId of others) {
          const other = merged.find((row) => row.id === otherId);
          if (!other || other.case_id !== violation.case_id)
            throw badRequest("Only violations of the same case can be grouped.", [
              { field: "violationIds", message: `${otherId} is not of this case` },
            ]);
          if (other.status !== "open")
            throw conflict(`A violation to group in is already ${other.status}.`, [
              { field: "violationIds", message: `${otherId} is ${other.status}` },
            ]);
        }
        await queries.moveEvidence(tx, others, id);
        await queries.moveResponses(tx, others, id);
        const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: facts.time_zone }).format(
          await queries.earliestOccurrence(tx, [id]),
        );
        for (const other of merged) {
          await queries.setViolationState(tx, other.id, {
            status: "withdrawn",
            statusReason: `Grouped into the ${violationTypeLabels[violation.violation_type].toLowerCase()} of ${day}`,
            severity: other.severity,
            mergedInto: id,
            by: actor.userId,
            now: context.now,
          });
        }
        await queries.setOccurredAt(tx, id, await queries.earliestOccurrence(tx, [id, ...others]));
        await queries.updateViolation(tx, id, {
          severity: merged.map((row) => row.severity).reduce(moreSevere, violation.severity),
          description: undefined,
          personsAccount: undefined,
          status: "open",
          statusReason: undefined,
        });
        return readViolation(tx, id, facts);
      });
    },

    /**
     * Chooses a response: within the matrix's cell for the violation's severity and the case's risk level, or a
     * departure with its reason. A departure, and anything that goes to the authority, awaits a supervisor's approval
     * (a task of the unit's supervisors); otherwise it is to carry out by its due day (a task of the case's officer).
     */
    async respond(context: RequestContext, id: string, input: z.infer<typeof newResponseBody>): Promise<Violation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { violation, facts } = await lockForChange(
          tx,
          authorize,
          id,
          "violation.response_chosen",
          {
            response: input.response,
            departure: Boolean(input.departureReason),
          },
          { expectedVersion: input.expectedVersion, context },
        );
        if (violation.status === "withdrawn")
          throw conflict("This violation was withdrawn: no response is chosen for it.", [{ field: "status", message: "withdrawn" }]);
        const settings = await loadSettings(tx, facts.agency_id);
        await chooseResponse(tx, {
          violation,
          facts,
          settings,
          response: input.response,
          dueOn: input.dueOn,
          departureReason: input.departureReason,
          note: input.note,
          effect: input.effect,
          actor,
          now: context.now,
        });
        return readViolation(tx, id, facts, settings);
      });
    },

    /**
     * A supervisor of the case's unit approves or refuses a response awaiting approval; never the one who proposed it
     * (403, audited). Approved, it is to carry out (the officer's task); one that goes to the authority refers the
     * violation to it.
     */
    async decide(context: RequestContext, responseId: string, input: z.infer<typeof responseDecisionBody>): Promise<Violation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const violationId = await queries.findResponseViolationId(tx, responseId);
        if (!violationId) throw notFound("Response");
        const caseId = (await queries.findViolationCaseId(tx, violationId))!;
        const target = await loadCaseTarget(tx, caseId, true);
        const violation = (await queries.lockViolation(tx, violationId))!;
        const response = (await queries.lockResponse(tx, responseId))!;
        authorize(
          "violation_response.approve",
          { ...target, userId: response.proposed_by },
          {
            action: "violation.response_decided",
            recordType: "violation_response",
            recordId: responseId,
            details: { decision: input.decision },
          },
        );
        const facts = await caseFacts(tx, violation.case_id);
        if (response.status !== "awaiting_approval")
          throw conflict(`This response is no longer awaiting approval (${response.status.replace("_", " ")}).`, [
            { field: "decision", message: `already ${response.status}` },
          ]);
        if (input.decision === "refused" && !input.reason)
          throw badRequest("Say why the response is refused.", [{ field: "reason", message: "required to refuse" }]);
        await queries.decideResponse(tx, responseId, {
          status: input.decision === "approved" ? "to_do" : "refused",
          by: actor.userId,
          reason: input.reason ?? null,
          now: context.now,
        });
        await closeTasksForSource(tx, {
          sourceType: "violation_response",
          sourceId: responseId,
          kinds: ["response_approval_requested"],
          status: "done",
          reason: `Response ${input.decision}`,
          by: actor.userId,
          now: context.now,
        });
        // A refused response does not count on the agency's clocks: the review it set off has nothing to review.
        if (input.decision === "refused") {
          await closeTasksForSource(tx, {
            sourceType: "violation_response",
            sourceId: responseId,
            kinds: ["enforcement_escalation"],
            status: "dismissed",
            reason: "The response that reached the escalation threshold was refused",
            by: actor.userId,
            now: context.now,
          });
        }
        if (input.decision === "approved") {
          const today = localDate(context.now, facts.time_zone);
          // Approved, it is in effect: what it changes is changed now (the level, the curfew, the letter).
          if (violation.status !== "withdrawn") {
            await applyResponseEffect(tx, {
              responseId,
              response: response.response,
              effect: response.effect,
              violation,
              facts,
              actor,
              now: context.now,
            });
          }
          await createTask(tx, {
            caseId: violation.case_id,
            kind: "violation_response_due",
            owner: { owner: "case_officer" },
            // biome-ignore lint/complexity/useMathMinMax: ISO dates compared as text; Math.max would turn them into NaN
            due: response.due_on < today ? today : response.due_on,
            sourceType: "violation_response",
            sourceId: responseId,
            sourceOccurredAt: context.now,
            by: actor.userId,
            now: context.now,
          });
          if (responseKindInfo[response.response].goesToAuthority && violation.status !== "withdrawn") {
            await queries.setViolationState(tx, violationId, {
              status: "referred",
              statusReason: `Referred to the authority: ${responseLabel(response.response)}, approved by ${actor.displayName}`.slice(
                0,
                500,
              ),
              severity: violation.severity,
              by: actor.userId,
              now: context.now,
            });
          }
        }
        return readViolation(tx, violationId, facts);
      });
    },

    /** The response was carried out: its task is done, and an open violation with nothing else to do is addressed. */
    async complete(context: RequestContext, responseId: string, input: z.infer<typeof responseDoneBody>): Promise<Violation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const violationId = await queries.findResponseViolationId(tx, responseId);
        if (!violationId) throw notFound("Response");
        const { violation, facts } = await lockForChange(tx, authorize, violationId, "violation.response_done", { responseId });
        const response = (await queries.lockResponse(tx, responseId))!;
        if (response.status !== "to_do")
          throw conflict(
            response.status === "awaiting_approval"
              ? "This response awaits a supervisor's approval before it is carried out."
              : `This response is already ${response.status}.`,
            [{ field: "status", message: response.status }],
          );
        await queries.completeResponse(tx, responseId, { by: actor.userId, note: input.note ?? null, now: context.now });
        await closeTasksForSource(tx, {
          sourceType: "violation_response",
          sourceId: responseId,
          kinds: ["violation_response_due"],
          status: "done",
          reason: "Response carried out",
          by: actor.userId,
          now: context.now,
        });
        const counts = await queries.countResponsesByStatus(tx, violationId);
        if (violation.status === "open" && !counts.to_do && !counts.awaiting_approval) {
          await queries.setViolationState(tx, violationId, {
            status: "addressed",
            statusReason: `Addressed: ${responseLabel(response.response)}`,
            severity: violation.severity,
            by: actor.userId,
            now: context.now,
          });
        }
        return readViolation(tx, violationId, facts);
      });
    },

    /** A warning letter generated from a response, as written (the printable page on the case). */
    async warningLetter(context: RequestContext, id: string): Promise<WarningLetter> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const letter = await queries.findWarningLetter(tx, id);
        if (!letter) throw notFound("Warning letter");
        authorize("case.read", await loadCaseTarget(tx, letter.caseId), {
          action: "warning_letter.read",
          recordType: "warning_letter",
          recordId: id,
        });
        return letter;
      });
    },

    // ─── The agency's settings ────────────────────────────────────────────────────────────────────────────────────

    async settings(context: RequestContext): Promise<ViolationSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "condition_catalogue.read",
          { agencyId: actor.agencyId },
          { action: "violation_settings.read", recordType: "agency", recordId: actor.agencyId },
        );
        return loadSettings(tx, actor.agencyId);
      });
    },

    /** The severity of each type, for violations made from now on (existing ones keep theirs). */
    async setSeverities(context: RequestContext, input: z.infer<typeof severityTableBody>): Promise<ViolationSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "violation_settings.manage",
          { agencyId: actor.agencyId },
          { action: "violation_settings.severities_changed", recordType: "agency", recordId: actor.agencyId },
        );
        for (const [type, severity] of Object.entries(input.severities)) {
          await queries.upsertSeverity(tx, {
            agencyId: actor.agencyId,
            type: type as keyof typeof input.severities,
            severity,
            by: actor.userId,
            now: context.now,
          });
        }
        return loadSettings(tx, actor.agencyId);
      });
    },

    /** Replaces the matrix after checking it: every severity in exactly one row, every cell defined (400 naming each). */
    async setMatrix(context: RequestContext, input: z.infer<typeof responseMatrixBody>): Promise<ViolationSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "violation_settings.manage",
          { agencyId: actor.agencyId },
          {
            action: "violation_settings.matrix_changed",
            recordType: "agency",
            recordId: actor.agencyId,
            details: { rows: input.rows.length },
          },
        );
        const issues = checkMatrix(input.rows);
        if (issues.length > 0) throw badRequest(`The matrix is not valid. ${issues.map((issue) => `${issue.message}.`).join(" ")}`, issues);
        const current = await queries.findMatrix(tx, actor.agencyId, true);
        const saved =
          (current ? current.version : 1) === input.expectedVersion &&
          (await queries.saveMatrix(tx, {
            agencyId: actor.agencyId,
            rows: input.rows,
            expectedVersion: input.expectedVersion,
            by: actor.userId,
            now: context.now,
          }));
        if (!saved) {
          const editor = await queries.findMatrixEditor(tx, actor.agencyId);
          const facts = await loadTimeZone(tx, actor.agencyId);
          throw editConflict("response matrix", editor?.changed_by ?? null, new Date(editor?.updated_at ?? context.now), facts);
        }
        return loadSettings(tx, actor.agencyId);
      });
    },
  };
}

async function loadTimeZone(tx: Queryable, agencyId: string): Promise<string> {
  return (await queries.findAgencyTimeZone(tx, agencyId)) ?? "UTC";
}

export type ViolationsService = ReturnType<typeof createViolationsService>;
