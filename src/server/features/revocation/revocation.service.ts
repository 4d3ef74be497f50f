// Revocation and recall recommendations (issue 13 §6): the officer's case file built from the case's violations, the
// history of what was tried and the current risk; a supervisor of the unit (never the author) records the discussion
// and decides; the document to the authority or the "no revocation" letter. An emergency goes to the supervisors at
// once and may be authorised as a warrant request on a short file, completed afterwards. Absconding puts the case on
// warrant status (the contact standards ask nothing while it is not active) until the person is found.
import type { z } from "zod";
import { incentiveKindLabels } from "../../../shared/contract/incentives";
import type {
  abscondingBody,
  abscondingFoundBody,
  CaseRevocations,
  RevocationHistory,
  RevocationRecommendation,
  revocationDecisionBody,
  startRevocationBody,
  submitRevocationBody,
  updateRevocationBody,
} from "../../../shared/contract/revocation";
import { severityLabels, type ViolationType, violationTypeLabels } from "../../../shared/contract/violations";
import { addDays } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { raiseEvent } from "../../platform/events/supervision-events";
import { addWorkingDays } from "../assessments/working-days";
import { applyCaseStatus } from "../cases/case-status";
import { notify } from "../notifications/notify";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import { settleExplanationsDue } from "../violations/violations";
import * as queries from "./revocation.queries";

/** Tasks of a recommendation name it as their source. */
const sourceType = "revocation_recommendation";
/** A supervisor decides a recommendation within this many days; an emergency within this many hours (that day). */
const decisionDueDays = 5;
const emergencyDecisionHours = 4;
/** After an emergency warrant request, the officer completes the file within this many working days. */
const emergencyFileWorkingDays = 3;

const authorityOf = (supervisionType: "parole" | "probation") => (supervisionType === "parole" ? "parole_board" : "court");

async function historyNow(tx: Queryable, caseId: string): Promise<RevocationHistory> {
  const raw = await queries.loadHistory(tx, caseId);
  return {
    responses: raw.responses,
    incentives: raw.incentives.map((incentive) => ({
      kind: incentive.kind,
      label: incentive.agencyKind ?? incentiveKindLabels[incentive.kind],
      givenOn: incentive.givenOn,
      note: incentive.note,
    })),
  };
}

/** The file is open to the officer's edits while a draft, and after an emergency warrant until it is completed. */
const fileOpen = (row: queries.RecommendationRow) => row.status === "draft" || (row.emergency_authorised && row.file_completed_at === null);

async function recordOf(tx: Queryable, row: queries.RecommendationRow): Promise<RevocationRecommendation> {
  const live = fileOpen(row) || !row.history || !row.risk;
  return {
    id: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    personName: row.person_name,
    caseNumber: row.case_number,
    supervisionType: row.supervision_type,
    authority: row.authority,
    authorityName: row.authority_name,
    emergency: row.emergency,
    emergencyReason: row.emergency_reason,
    facts: row.facts,
    alternativesNote: row.alternatives_note,
    recommendation: row.recommendation,
    status: row.status,
    violations: await queries.violationsOfRecommendation(tx, row.id),
    history: live ? await historyNow(tx, row.case_id) : row.history!,
    risk: live ? await queries.loadRisk(tx, row.case_id) : row.risk!,
    createdByName: row.created_by_name,
    createdById: row.created_by,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    decideBy: row.decide_by,
    discussion:
      row.discussed_on && row.discussed_with && row.discussion_notes
        ? { discussedOn: row.discussed_on, discussedWith: row.discussed_with, notes: row.discussion_notes }
        : null,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    instructions: row.instructions,
    emergencyAuthorised: row.emergency_authorised,
    fileDueOn: row.file_due_on,
    fileCompletedAt: row.file_completed_at,
    agencyName: row.agency_name,
    officerName: row.officer_name,
    timeZone: row.time_zone,
    version: row.version,
  };
}

async function caseState(tx: Queryable, caseId: string, now: Date): Promise<CaseRevocations> {
  const facts = await queries.findCaseFacts(tx, caseId, now);
  if (!facts) throw notFound("Case");
  const rows = await queries.listRecommendations(tx, caseId);
  return {
    caseId,
    caseStatus: facts.status,
    supervisionType: facts.supervision_type,
    authority: authorityOf(facts.supervision_type),
    authorityName: facts.authority_name,
    recommendations: rows.map((row) => ({
      id: row.id,
      status: row.status,
      emergency: row.emergency,
      emergencyAuthorised: row.emergency_authorised,
      recommendation: row.recommendation,
      violationCount: row.violation_count,
      createdByName: row.created_by_name,
      createdById: row.created_by,
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      decidedAt: row.decided_at,
      fileDueOn: row.file_due_on,
      fileCompletedAt: row.file_completed_at,
    })),
    openViolations: await queries.openViolations(tx, caseId),
    abscondings: await queries.listAbscondings(tx, caseId),
  };
}

/** The facts the file starts from: each violation in words, with its description and the person's account. */
function factsFrom(violations: queries.ViolationRow[], timeZone: string): string {
  const day = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone });
  return violations
    .map((violation) => {
      const type = violationTypeLabels[violation.type];
      const parts = [
        `${day.format(new Date(violation.occurredAt))}: ${type} (${severityLabels[violation.severity].toLowerCase()} severity).`,
      ];
      if (violation.description) parts.push(violation.description);
      if (violation.personsAccount) parts.push(`The person's account: ${violation.personsAccount}`);
      return parts.join(" ");
    })
    .join("\n\n")
    .slice(0, 8000);
}

const closedCase = () =>
  conflict("The case is closed: no revocation recommendation can be made or decided on it.", [{ field: "caseId", message: "case closed" }]);

/** What a submitted file must hold (an emergency may go with its reason alone, completed after the warrant). */
function missingFromFile(row: Pick<queries.RecommendationRow, "facts" | "alternatives_note" | "recommendation">) {
  return [
    ...(row.facts ? [] : [{ field: "facts", message: "Write the facts of the violations" }]),
    ...(row.alternatives_note
      ? []
      : [{ field: "alternativesNote", message: "Say why the responses and alternatives tried were not enough" }]),
    ...(row.recommendation ? [] : [{ field: "recommendation", message: "Choose your recommendation" }]),
  ];
}

export function createRevocationService(deps: FeatureDeps) {
  /** A recommendation and its case, authorised as a read or change of the case. */
  async function loadForCase(tx: Queryable, id: string, forUpdate: boolean) {
    const found = await queries.findRecommendation(tx, id);
    if (!found) throw notFound("Revocation recommendation");
    const target = await loadCaseTarget(tx, found.case_id, forUpdate);
    const row = forUpdate ? (await queries.findRecommendation(tx, id, true))! : found;
    return { row, target };
  }

  /**
   * A file never goes on to the authority on a violation withdrawn since it was started (a lab overturned the result):
   * 409 naming it; the officer starts a new file from the violations that stand.
   */
  async function refuseWithdrawnViolations(tx: Queryable, id: string, timeZone: string) {
    const withdrawn = await queries.withdrawnViolationsOf(tx, id);
    if (withdrawn.length === 0) return;
    const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone });
    const named = withdrawn.map(
      (violation) =>
        `${violationTypeLabels[violation.violation_type as ViolationType].toLowerCase()} of ${day.format(new Date(violation.occurred_at))}`,
    );
    throw conflict(
      `Withdrawn since this file was started: ${named.join("; ")}. A recommendation cannot rest on a withdrawn violation: start a new one from the violations that stand.`,
      [{ field: "violationIds", message: "includes a withdrawn violation" }],
    );
  }

  return {
    /** The case's recommendations, its open violations (to start one from) and its abscondings. */
    async ofCase(context: RequestContext, caseId: string): Promise<CaseRevocations> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "revocation.list", recordType: "case", recordId: caseId });
        return caseState(tx, caseId, context.now);
      });
    },

    /** One recommendation in full: the file, the document or the letter. */
    async read(context: RequestContext, id: string): Promise<RevocationRecommendation> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { row, target } = await loadForCase(tx, id, false);
        authorize("case.read", target, {
          action: "revocation.read",
          recordType: "case",
          recordId: row.case_id,
          details: { recommendationId: id },
        });
        return recordOf(tx, row);
      });
    },

    /** The officer starts a file from violations of the case: the facts drafted from them, the history and risk pulled. */
    async start(context: RequestContext, caseId: string, body: z.infer<typeof startRevocationBody>): Promise<RevocationRecommendation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "revocation.started",
          recordType: "case",
          recordId: caseId,
          details: { violations: body.violationIds.length, emergency: body.emergency },
        });
        const facts = (await queries.findCaseFacts(tx, caseId, context.now))!;
        if (facts.status === "closed") throw closedCase();
        if (body.emergency && !body.emergencyReason) {
          throw badRequest("An emergency recommendation needs the reason the risk is immediate.", [
            { field: "emergencyReason", message: "Give why the risk is immediate" },
          ]);
        }
        const ids = [...new Set(body.violationIds)];
        const violations = await queries.findViolationsOfCase(tx, caseId, ids);
        const usable = violations.filter((violation) => violation.status === "open" || violation.status === "addressed");
        if (usable.length !== ids.length) {
          throw badRequest("Choose open or addressed violations of this case (not withdrawn, referred or of another case).", [
            { field: "violationIds", message: "not an open or addressed violation of the case" },
          ]);
        }
        // One file at a time per violation: the case row is locked, so two starts cannot both pass this check.
        if (await queries.violationsInStandingFile(tx, ids)) {
          throw conflict("A recommendation not yet decided already rests on one of these violations: continue that one.", [
            { field: "violationIds", message: "already in a recommendation awaiting its decision" },
          ]);
        }
        const id = await queries.insertRecommendation(tx, {
          caseId,
          authority: authorityOf(facts.supervision_type),
          authorityName: facts.authority_name,
          emergencyReason: body.emergency ? body.emergencyReason! : null,
          facts: factsFrom(usable, facts.time_zone),
          violationIds: ids,
          by: actor.userId,
          now: context.now,
        });
        return recordOf(tx, (await queries.findRecommendation(tx, id))!);
      });
    },

    /** The officer edits the file: a draft, or an emergency's file after the warrant until it is completed. */
    async update(context: RequestContext, id: string, body: z.infer<typeof updateRevocationBody>): Promise<RevocationRecommendation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { row, target } = await loadForCase(tx, id, true);
        const audit = { action: "revocation.updated", recordType: "case", recordId: row.case_id, details: { recommendationId: id } };
        authorize("case.write", target, audit);
        authorize("revocation.author", { agencyId: target.agencyId, userId: row.created_by }, audit);
        const facts = (await queries.findCaseFacts(tx, row.case_id, context.now))!;
        if (facts.status === "closed") throw closedCase();
        if (!fileOpen(row)) {
          throw conflict("This recommendation has been submitted: its file can no longer be changed.", [
            { field: "status", message: row.status },
          ]);
        }
        await claimVersion(tx, {
          table: "revocation_recommendation",
          id,
          expectedVersion: body.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "revocation recommendation",
        });
        await queries.updateFile(tx, { id, ...body, by: actor.userId, now: context.now });
        return recordOf(tx, (await queries.findRecommendation(tx, id))!);
      });
    },

    /**
     * Submits the file to the unit's supervisors (a task each can decide; an emergency's is due that day and notifies
     * at once), or completes an emergency's file after its warrant (closing the officer's task). Without the facts, the
     * note on the alternatives tried and the recommendation (an emergency: its reason is enough at first) → 400.
     */
    async submit(context: RequestContext, id: string, body: z.infer<typeof submitRevocationBody>): Promise<RevocationRecommendation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { row, target } = await loadForCase(tx, id, true);
        const audit = {
          action: row.status === "draft" ? "revocation.submitted" : "revocation.file_completed",
          recordType: "case",
          recordId: row.case_id,
          details: { recommendationId: id, emergency: row.emergency },
        };
        authorize("case.write", target, audit);
        authorize("revocation.author", { agencyId: target.agencyId, userId: row.created_by }, audit);
        const facts = (await queries.findCaseFacts(tx, row.case_id, context.now))!;
        if (facts.status === "closed") throw closedCase();
        if (!fileOpen(row)) {
          throw conflict("This recommendation has already been submitted.", [{ field: "status", message: row.status }]);
        }
        await refuseWithdrawnViolations(tx, id, facts.time_zone);
        const completingEmergencyFile = row.status !== "draft";
        const missing = row.emergency && !completingEmergencyFile ? [] : missingFromFile(row);
        if (missing.length > 0) {
          throw badRequest(
            "The file is not complete: write the facts, why the alternatives tried were not enough, and your recommendation.",
            missing,
          );
        }
        if (row.recommendation === "no_revocation" && completingEmergencyFile) {
          throw badRequest("The warrant was requested: complete the file with a recommendation to the authority.", [
            { field: "recommendation", message: "revoke or continue with modified conditions" },
          ]);
        }
        await claimVersion(tx, {
          table: "revocation_recommendation",
          id,
          expectedVersion: body.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "revocation recommendation",
        });
        const history = await historyNow(tx, row.case_id);
        const risk = await queries.loadRisk(tx, row.case_id);
        if (completingEmergencyFile) {
          await queries.markFileCompleted(tx, { id, history, risk, now: context.now });
          await closeTasksForSource(tx, {
            sourceType,
            sourceId: id,
            kinds: ["revocation_complete_file"],
            status: "done",
            by: actor.userId,
            now: context.now,
          });
        } else {
          const decideBy = row.emergency ? new Date(context.now.getTime() + emergencyDecisionHours * 3_600_000) : null;
          await queries.markSubmitted(tx, { id, history, risk, decideBy, now: context.now });
          await createTask(tx, {
            caseId: row.case_id,
            kind: row.emergency ? "revocation_emergency_decision" : "revocation_decision_requested",
            owner: { owner: "unit_supervisors" },
            due: row.emergency ? facts.today : addDays(facts.today, decisionDueDays),
            sourceType,
            sourceId: id,
            sourceOccurredAt: context.now,
            by: actor.userId,
            now: context.now,
          });
        }
        return recordOf(tx, (await queries.findRecommendation(tx, id))!);
      });
    },

    /**
     * A supervisor of the case's unit, never the author (403, audited), records the discussion and decides: refer (the
     * document goes to the authority and the violations are referred), no revocation (with the reason and what the
     * person must do now, for the letter), or for an emergency a warrant request at once, the file to follow.
     */
    async decide(context: RequestContext, id: string, body: z.infer<typeof revocationDecisionBody>): Promise<RevocationRecommendation> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { row, target } = await loadForCase(tx, id, true);
        authorize(
          "revocation.decide",
          { ...target, userId: row.created_by },
          {
            action: `revocation.decided.${body.decision}`,
            recordType: "case",
            recordId: row.case_id,
            details: { recommendationId: id, ...(body.reason ? { reason: body.reason } : {}) },
          },
        );
        const facts = (await queries.findCaseFacts(tx, row.case_id, context.now))!;
        if (facts.status === "closed") throw closedCase();
        if (row.status !== "awaiting_decision") {
          throw conflict(
            row.status === "draft"
              ? "This recommendation has not been submitted yet."
              : `This recommendation was already decided by ${row.decided_by_name}.`,
            [{ field: "decision", message: row.status === "draft" ? "not submitted" : "already decided" }],
          );
        }
        if (body.discussedOn > facts.today) {
          throw badRequest("The discussion cannot be in the future.", [{ field: "discussedOn", message: "after today" }]);
        }
        if (body.decision === "refer") {
          await refuseWithdrawnViolations(tx, id, facts.time_zone);
          const missing = missingFromFile(row);
          if (missing.length > 0)
            throw badRequest(
              "The file is not complete enough to go to the authority: request the emergency warrant, or decide no revocation.",
              [{ field: "decision", message: "file incomplete" }],
            );
          if (row.recommendation === "no_revocation")
            throw badRequest("The officer recommends no revocation: decide no revocation, with a letter to the person.", [
              { field: "decision", message: "nothing to refer" },
            ]);
        }
        if (body.decision === "emergency_warrant" && !row.emergency) {
          throw badRequest("Only an emergency recommendation can be authorised as an emergency warrant request.", [
            { field: "decision", message: "not an emergency" },
          ]);
        }
        if (body.decision === "no_revocation" && (!body.reason || !body.instructions)) {
          throw badRequest("Deciding no revocation needs the reason and what the person must do now.", [
            ...(body.reason ? [] : [{ field: "reason", message: "Give the reason for no revocation" }]),
            ...(body.instructions ? [] : [{ field: "instructions", message: "Say what the person must do now" }]),
          ]);
        }
        const referred = body.decision !== "no_revocation";
        const fileDueOn = body.decision === "emergency_warrant" ? addWorkingDays(facts.today, emergencyFileWorkingDays) : null;
        await queries.recordDecision(tx, {
          id,
          status: referred ? "referred" : "no_revocation",
          discussedOn: body.discussedOn,
          discussedWith: body.discussedWith,
          discussionNotes: body.discussionNotes,
          reason: body.reason || null,
          instructions: body.decision === "no_revocation" ? body.instructions! : null,
          emergencyAuthorised: body.decision === "emergency_warrant",
          fileDueOn,
          by: actor.userId,
          now: context.now,
        });
        if (referred) {
          const violationIds = await queries.referViolations(tx, { recommendationId: id, by: actor.userId, now: context.now });
          // Referred, a violation waits for no explanation any more: its explanation task closes as it would on a response.
          for (const violationId of violationIds) {
            await settleExplanationsDue(tx, {
              violationId,
              status: "done",
              reason: "Referred to the authority with a revocation recommendation",
              by: actor.userId,
              now: context.now,
            });
          }
        }
        await closeTasksForSource(tx, {
          sourceType,
          sourceId: id,
          kinds: ["revocation_decision_requested", "revocation_emergency_decision"],
          status: "done",
          by: actor.userId,
          now: context.now,
        });
        if (fileDueOn) {
          await createTask(tx, {
            caseId: row.case_id,
            kind: "revocation_complete_file",
            owner: { owner: "case_officer" },
            due: fileDueOn,
            sourceType,
            sourceId: id,
            sourceOccurredAt: context.now,
            by: actor.userId,
            now: context.now,
          });
        }
        const authority = row.authority === "parole_board" ? "the parole board" : "the court";
        const title = {
          refer: `Revocation recommendation approved: it goes to ${authority}`,
          no_revocation: "Revocation recommendation decided: no revocation",
          emergency_warrant: "Emergency warrant request authorised: complete the file",
        }[body.decision];
        await notify(tx, {
          userId: row.created_by,
          kind: "task",
          title: `${title} — ${row.person_name}`.slice(0, 200),
          body: `Decided by ${actor.displayName}.${body.reason ? ` ${body.reason}` : ""}`.slice(0, 2000),
          recordType: "case",
          recordId: row.case_id,
          urgent: body.decision === "emergency_warrant",
          now: context.now,
        });
        return recordOf(tx, (await queries.findRecommendation(tx, id))!);
      });
    },

    /**
     * The person absconded: the case goes on warrant status (its change history says why), an absconding event is
     * raised (the violations capability makes it a violation) and the contact standards pause. Only an active or
     * tolled case; a closed one → 409.
     */
    async recordAbsconding(context: RequestContext, caseId: string, body: z.infer<typeof abscondingBody>): Promise<CaseRevocations> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "case.absconded",
          recordType: "case",
          recordId: caseId,
          details: { lastContactOn: body.lastContactOn },
        });
        const facts = (await queries.findCaseFacts(tx, caseId, context.now))!;
        if (facts.status === "closed") throw conflict("The case is closed.", [{ field: "caseId", message: "case closed" }]);
        if (facts.status !== "active" && facts.status !== "tolled") {
          const words = { warrant: "already on warrant status", in_custody: "in custody", pre_release: "not yet released" }[facts.status];
          throw conflict(`The person is ${words}: absconding is recorded on an active case.`, [{ field: "caseId", message: facts.status }]);
        }
        if (body.lastContactOn > facts.today) {
          throw badRequest("The last contact cannot be in the future.", [{ field: "lastContactOn", message: "after today" }]);
        }
        const id = await queries.insertAbsconding(tx, {
          caseId,
          ...body,
          previousStatus: facts.status,
          by: actor.userId,
          now: context.now,
        });
        await applyCaseStatus(tx, {
          caseId,
          agencyId: target.agencyId,
          from: facts.status,
          to: "warrant",
          reason: `Absconded: ${body.circumstances}`,
          by: actor.userId,
          now: context.now,
        });
        await raiseEvent(tx, {
          caseId,
          kind: "absconding",
          sourceType: "absconding",
          sourceId: id,
          occurredAt: context.now,
          details: { lastContactOn: body.lastContactOn },
          now: context.now,
        });
        return caseState(tx, caseId, context.now);
      });
    },

    /** The absconder is found: the case returns to active supervision or goes to in custody. */
    async found(context: RequestContext, abscondingId: string, body: z.infer<typeof abscondingFoundBody>): Promise<CaseRevocations> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const found = await queries.findAbsconding(tx, abscondingId);
        if (!found) throw notFound("Absconding record");
        const target = await loadCaseTarget(tx, found.case_id, true);
        authorize("case.write", target, {
          action: "case.absconder_found",
          recordType: "case",
          recordId: found.case_id,
          details: { abscondingId, status: body.status },
        });
        const record = (await queries.findAbsconding(tx, abscondingId, true))!;
        if (record.found_on) throw conflict("The person was already recorded as found.", [{ field: "foundOn", message: "already found" }]);
        const facts = (await queries.findCaseFacts(tx, found.case_id, context.now))!;
        if (facts.status === "closed") throw conflict("The case is closed.", [{ field: "caseId", message: "case closed" }]);
        if (body.foundOn > facts.today || body.foundOn < record.last_contact_on) {
          throw badRequest("The day found is between the last contact and today.", [{ field: "foundOn", message: "out of range" }]);
        }
        await queries.markFound(tx, {
          id: abscondingId,
          foundOn: body.foundOn,
          status: body.status,
          note: body.note,
          by: actor.userId,
          now: context.now,
        });
        await applyCaseStatus(tx, {
          caseId: found.case_id,
          agencyId: target.agencyId,
          from: facts.status,
          to: body.status,
          reason: `Found${body.status === "in_custody" ? ", in custody" : ""}: ${body.note}`,
          by: actor.userId,
          now: context.now,
        });
        return caseState(tx, found.case_id, context.now);
      });
    },
  };
}

export type RevocationService = ReturnType<typeof createRevocationService>;
