// Case plans (issue 12 §7): one active plan per case, built from the needs and strengths of its latest completed
// assessment; a review makes a new version and keeps the old one read-only. Steps of the officer or the supervisee
// with a due day are tasks of the case's officer, made and closed here in the same transaction as the plan's change;
// a goal whose steps are all done raises a goal_completed supervision event (withdrawn if a step is opened again).
import type { z } from "zod";
import type { agreementBody, CasePlan, CasePlanOverview, casePlanBody, stepStatusBody } from "../../../shared/contract/case-plans";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict, type FieldIssue, notFound } from "../../platform/errors";
import { raiseEvent, withdrawEvents } from "../../platform/events/supervision-events";
import { latestCompletedAssessment } from "../assessments/assessments.queries";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import * as queries from "./case-plans.queries";

type PlanBody = z.infer<typeof casePlanBody>;
type StepInput = PlanBody["goals"][number]["steps"][number];

const goalSourceType = "case_plan_goal";

/** A step the officer follows up as a task: the officer's own or the supervisee's, with a due day, not yet done. */
const makesTask = (step: { owner: StepInput["owner"]; dueOn?: string | null }) => step.owner !== "provider" && Boolean(step.dueOn);

/** What is wrong with a plan's goals against the assessment it is built from (400 naming each field). */
function planProblems(body: PlanBody, assessment: Awaited<ReturnType<typeof latestCompletedAssessment>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const needs = new Map((assessment?.needs ?? []).map((need) => [need.domain, need]));
  const strengths = new Map((assessment?.strengths ?? []).map((strength) => [strength.domain, strength]));
  body.goals.forEach((goal, g) => {
    if (goal.needDomain && !needs.has(goal.needDomain)) {
      issues.push({
        field: `goals.${g}.needDomain`,
        message: assessment ? "not a need of the latest completed assessment" : "the case has no completed assessment to take a need from",
      });
    }
    goal.strengthDomains.forEach((domain, s) => {
      if (!strengths.has(domain))
        issues.push({ field: `goals.${g}.strengthDomains.${s}`, message: "not a strength of the latest completed assessment" });
    });
    goal.steps.forEach((step, s) => {
      if (step.owner === "provider" && !step.providerName?.trim()) {
        issues.push({ field: `goals.${g}.steps.${s}.providerName`, message: "name the provider" });
      }
    });
  });
  return issues;
}

export function createCasePlansService(deps: FeatureDeps) {
  /** The plan section's data: the active plan, the earlier versions, and the assessment to build from. */
  async function overviewOf(tx: Queryable, caseId: string): Promise<CasePlanOverview> {
    const plans = await queries.listPlansOfCase(tx, caseId);
    const latest = await latestCompletedAssessment(tx, caseId);
    const active = plans.find((plan) => plan.status === "active") ?? null;
    return {
      active,
      // The plan is reviewed at every reassessment: one completed after the plan's own asks for it.
      reviewDue: Boolean(active && latest && active.assessment?.id !== latest.id),
      earlier: plans.filter((plan) => plan.status === "superseded"),
      buildFrom: latest
        ? {
            assessmentId: latest.id,
            instrumentTitle: latest.instrument_title,
            completedAt: latest.completed_at,
            needs: latest.needs,
            strengths: latest.strengths,
          }
        : null,
    };
  }

  /** Loads a plan for a change: locked, its case checked for case.write, not a superseded version, its version claimed. */
  async function forChange(
    context: RequestContext,
    tx: Queryable,
    authorize: Guard["authorize"],
    planId: string,
    event: { action: string; recordType: string; recordId: string; details?: Record<string, string | number | boolean | null> },
    expectedVersion: number,
  ) {
    const plan = await queries.lockPlan(tx, planId);
    if (!plan) throw notFound("Case plan");
    const target = await loadCaseTarget(tx, plan.case_id, true);
    authorize("case.write", target, event);
    if (plan.status === "superseded") {
      throw conflict("This version of the plan was replaced at a review and is kept read-only; change the current plan.");
    }
    await claimVersion(tx, {
      table: "case_plan",
      id: planId,
      expectedVersion,
      actorId: signedInActor(context).userId,
      now: context.now,
      what: "case plan",
    });
    return plan;
  }

  return {
    async overview(context: RequestContext, caseId: string): Promise<CasePlanOverview> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "case_plan.read", recordType: "case", recordId: caseId });
        return overviewOf(tx, caseId);
      });
    },

    /**
     * A new plan; when the case has one, its review: the new version replaces it (given the version it was read at
     * and the reason), the old one is kept read-only and the tasks of its open steps are dismissed with the review.
     */
    async create(context: RequestContext, caseId: string, body: PlanBody): Promise<CasePlanOverview> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        const active = await queries.lockActivePlan(tx, caseId);
        authorize("case.write", target, {
          action: active ? "case_plan.review" : "case_plan.create",
          recordType: "case",
          recordId: caseId,
          details: { goals: body.goals.length, ...(active ? { replaces: active.id } : {}) },
        });
        if (active) {
          const missing: FieldIssue[] = [
            ...(body.reviewReason ? [] : [{ field: "reviewReason", message: "give the reason for the review" }]),
            ...(body.expectedVersion ? [] : [{ field: "expectedVersion", message: "the version of the plan being reviewed" }]),
          ];
          if (missing.length > 0) {
            throw badRequest("This case already has a plan: a new one is a review of it. Give the reason for the review.", missing);
          }
        }
        const assessment = await latestCompletedAssessment(tx, caseId);
        const problems = planProblems(body, assessment);
        if (problems.length > 0) throw badRequest("Some goals do not fit the assessment the plan is built from.", problems);

        let planNumber = 1;
        if (active) {
          await claimVersion(tx, {
            table: "case_plan",
            id: active.id,
            expectedVersion: body.expectedVersion!,
            actorId: actor.userId,
            now: context.now,
            what: "case plan",
          });
          planNumber = await queries.nextPlanNumber(tx, caseId);
          for (const stepId of await queries.supersedePlan(tx, active.id, context.now)) {
            await closeTasksForSource(tx, {
              sourceType: queries.stepSourceType,
              sourceId: stepId,
              caseId,
              status: "dismissed",
              reason: `The case plan was reviewed (version ${planNumber})`,
              by: actor.userId,
              now: context.now,
            });
          }
        }
        const planId = await queries.insertPlan(tx, {
          caseId,
          planNumber,
          assessmentId: assessment?.id ?? null,
          supersedes: active?.id ?? null,
          reviewReason: active ? body.reviewReason! : null,
          actorId: actor.userId,
          now: context.now,
        });
        const titleOf = (list: { domain: string; title: string }[], domain: string) => list.find((entry) => entry.domain === domain)!.title;
        for (const [g, goal] of body.goals.entries()) {
          const allDone = goal.steps.every((step) => step.status === "done");
          const goalId = await queries.insertGoal(tx, {
            planId,
            position: g,
            title: goal.title,
            need: goal.needDomain ? { domain: goal.needDomain, title: titleOf(assessment!.needs, goal.needDomain) } : null,
            strengths: [...new Set(goal.strengthDomains)].map((domain) => ({ domain, title: titleOf(assessment!.strengths, domain) })),
            // A review carries a goal already met over as met; its event was raised when it was met.
            completedAt: allDone ? context.now : null,
          });
          for (const [o, objective] of goal.objectives.entries()) {
            await queries.insertObjective(tx, { goalId, position: o, ...objective });
          }
          for (const [s, step] of goal.steps.entries()) {
            const stepId = await queries.insertStep(tx, {
              goalId,
              position: s,
              description: step.description,
              owner: step.owner,
              providerName: step.owner === "provider" ? step.providerName!.trim() : null,
              dueOn: step.dueOn ?? null,
              done: step.status === "done",
              actorId: actor.userId,
              now: context.now,
            });
            if (step.status === "open" && makesTask(step)) await stepTask(tx, caseId, stepId, step.dueOn!, actor.userId, context.now);
          }
        }
        return overviewOf(tx, caseId);
      });
    },

    /** Marks a step done (or open again): its task closes (or opens), and the goal's progress and completion follow. */
    async setStepStatus(
      context: RequestContext,
      planId: string,
      stepId: string,
      { status, expectedVersion }: z.infer<typeof stepStatusBody>,
    ): Promise<CasePlan> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const plan = await forChange(
          context,
          tx,
          authorize,
          planId,
          { action: status === "done" ? "case_plan.step_done" : "case_plan.step_reopened", recordType: "case_plan_step", recordId: stepId },
          expectedVersion,
        );
        const step = await queries.findStep(tx, planId, stepId);
        if (!step) throw notFound("Step of this plan");
        if (step.status !== status) {
          await queries.setStepStatus(tx, stepId, status, actor.userId, context.now);
          if (status === "done") {
            await closeTasksForSource(tx, {
              sourceType: queries.stepSourceType,
              sourceId: stepId,
              caseId: plan.case_id,
              status: "done",
              by: actor.userId,
              now: context.now,
            });
          } else if (makesTask({ owner: step.owner, dueOn: step.due_on })) {
            await stepTask(tx, plan.case_id, stepId, step.due_on!, actor.userId, context.now);
          }
          const goal = await queries.settleGoal(tx, step.goal_id, context.now);
          if (goal === "completed") {
            // A positive supervision event: incentives and the record of achievements act on it.
            await raiseEvent(tx, {
              caseId: plan.case_id,
              kind: "goal_completed",
              sourceType: goalSourceType,
              sourceId: step.goal_id,
              occurredAt: context.now,
              details: { planId, planNumber: plan.plan_number },
              now: context.now,
            });
          } else if (goal === "reopened") {
            await withdrawEvents(tx, {
              sourceType: goalSourceType,
              sourceId: step.goal_id,
              kinds: ["goal_completed"],
              reason: "A step of the goal was opened again",
              now: context.now,
            });
          }
        }
        return (await queries.findPlan(tx, planId))!;
      });
    },

    /** Records the supervisee's agreement: signed, verbal, or could not agree with the reason. */
    async recordAgreement(context: RequestContext, planId: string, body: z.infer<typeof agreementBody>): Promise<CasePlan> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const plan = await forChange(
          context,
          tx,
          authorize,
          planId,
          { action: "case_plan.agreement", recordType: "case_plan", recordId: planId, details: { kind: body.kind } },
          body.expectedVersion,
        );
        // Checked after the access decision (a 400 must not tell an outsider the plan exists); the claim rolls back with it.
        const reason = body.reason?.trim() || null;
        if (body.kind === "not_agreed" && !reason) {
          throw badRequest("Say why the supervisee could not agree to the plan.", [{ field: "reason", message: "give the reason" }]);
        }
        const today = localDate(context.now, await queries.caseTimeZone(tx, plan.case_id));
        if (body.on > today) throw badRequest("The agreement cannot be dated in the future.", [{ field: "on", message: "in the future" }]);
        await queries.recordAgreement(tx, planId, {
          kind: body.kind,
          reason: body.kind === "not_agreed" ? reason : null,
          on: body.on,
          actorId: actor.userId,
          now: context.now,
        });
        return (await queries.findPlan(tx, planId))!;
      });
    },
  };
}

/** The officer's task to see a step through (their own, or the supervisee's), due on the step's day. */
async function stepTask(tx: Queryable, caseId: string, stepId: string, dueOn: string, by: string, now: Date): Promise<void> {
  await createTask(tx, {
    caseId,
    kind: "case_plan_step",
    owner: { owner: "case_officer" },
    due: dueOn,
    sourceType: queries.stepSourceType,
    sourceId: stepId,
    by,
    now,
  });
}

export type CasePlansService = ReturnType<typeof createCasePlansService>;
