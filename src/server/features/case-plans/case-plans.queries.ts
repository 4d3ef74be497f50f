import type { CasePlan } from "../../../shared/contract/case-plans";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

/** The task source type of a plan step's task. */
export const stepSourceType = "case_plan_step";

const who = (alias: string) => `json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name)`;

// A plan as the contract has it, goals in order with their objectives and steps, in one statement.
const planJson = `json_build_object(
    'id', p.id, 'caseId', p.case_id, 'planNumber', p.plan_number, 'status', p.status,
    'assessment', (SELECT json_build_object('id', s.id, 'completedAt', ${instantText("s.completed_at")}, 'instrumentTitle', v.definition->>'title')
                     FROM assessment s JOIN instrument_version v ON v.instrument_id = s.instrument_id AND v.version = s.instrument_version
                    WHERE s.id = p.assessment_id),
    'reviewReason', p.review_reason,
    'agreement', CASE WHEN p.agreement IS NULL THEN NULL ELSE json_build_object(
        'kind', p.agreement, 'reason', p.agreement_reason, 'on', to_char(p.agreement_on, 'YYYY-MM-DD'),
        'recordedBy', (SELECT ${who("r")} FROM app_user r WHERE r.id = p.agreement_recorded_by),
        'recordedAt', ${instantText("p.agreement_recorded_at")}) END,
    'goals', coalesce((SELECT json_agg(json_build_object(
        'id', g.id, 'title', g.title,
        'need', CASE WHEN g.need_domain IS NULL THEN NULL ELSE json_build_object('domain', g.need_domain, 'title', g.need_title) END,
        'strengths', g.strengths,
        'objectives', coalesce((SELECT json_agg(json_build_object('id', o.id, 'description', o.description, 'measure', o.measure,
                                                          'targetDate', to_char(o.target_date, 'YYYY-MM-DD')) ORDER BY o.position)
                                  FROM case_plan_objective o WHERE o.goal_id = g.id), '[]'::json),
        'steps', coalesce((SELECT json_agg(json_build_object('id', st.id, 'description', st.description, 'owner', st.owner,
                                                     'providerName', st.provider_name, 'dueOn', to_char(st.due_on, 'YYYY-MM-DD'),
                                                     'status', st.status, 'doneAt', ${instantText("st.done_at")},
                                                     'doneBy', (SELECT ${who("d")} FROM app_user d WHERE d.id = st.done_by),
                                                     'hasTask', EXISTS (SELECT 1 FROM task t WHERE t.source_type = '${stepSourceType}'
                                                                          AND t.source_id = st.id AND t.status IN ('open', 'snoozed')))
                                           ORDER BY st.position)
                             FROM case_plan_step st WHERE st.goal_id = g.id), '[]'::json),
        'progress', (SELECT json_build_object('done', count(*) FILTER (WHERE st.status = 'done'), 'total', count(*))
                       FROM case_plan_step st WHERE st.goal_id = g.id),
        'completedAt', ${instantText("g.completed_at")}) ORDER BY g.position)
      FROM case_plan_goal g WHERE g.plan_id = p.id), '[]'::json),
    'createdBy', (SELECT ${who("c")} FROM app_user c WHERE c.id = p.created_by),
    'createdAt', ${instantText("p.created_at")},
    'supersededAt', ${instantText("p.superseded_at")},
    'version', p.version)`;

/** Every version of the case's plan, the active one first, then the superseded ones newest first. */
export async function listPlansOfCase(db: Queryable, caseId: string): Promise<CasePlan[]> {
  const rows = await db.query<{ plan: CasePlan }>(
    `SELECT ${planJson} AS plan FROM case_plan p WHERE p.case_id = $1 ORDER BY p.status = 'active' DESC, p.plan_number DESC`,
    [caseId],
  );
  return rows.map((row) => row.plan);
}

export async function findPlan(db: Queryable, id: string): Promise<CasePlan | undefined> {
  const [row] = await db.query<{ plan: CasePlan }>(`SELECT ${planJson} AS plan FROM case_plan p WHERE p.id = $1`, [id]);
  return row?.plan;
}

export type PlanRow = { id: string; case_id: string; status: "active" | "superseded"; plan_number: number; version: number };

/** The plan's row, locked for a change (FOR UPDATE) so two changes of one plan take turns. */
export async function lockPlan(db: Queryable, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.query<PlanRow>("SELECT id, case_id, status, plan_number, version FROM case_plan WHERE id = $1 FOR UPDATE", [id]);
  return row;
}

/** The case's active plan, locked: a review and a step marked done at once take turns. */
export async function lockActivePlan(db: Queryable, caseId: string): Promise<PlanRow | undefined> {
  const [row] = await db.query<PlanRow>(
    "SELECT id, case_id, status, plan_number, version FROM case_plan WHERE case_id = $1 AND status = 'active' FOR UPDATE",
    [caseId],
  );
  return row;
}

export async function nextPlanNumber(db: Queryable, caseId: string): Promise<number> {
  const [row] = await db.query<{ next: number }>("SELECT coalesce(max(plan_number), 0) + 1 AS next FROM case_plan WHERE case_id = $1", [
    caseId,
  ]);
  return row!.next;
}

/** Marks the active plan superseded (kept read-only); answers the ids of its open steps, whose tasks go with it. */
export async function supersedePlan(db: Queryable, id: string, now: Date): Promise<string[]> {
  await db.query("UPDATE case_plan SET status = 'superseded', superseded_at = $2 WHERE id = $1", [id, now]);
  const rows = await db.query<{ id: string }>(
    "SELECT st.id FROM case_plan_step st JOIN case_plan_goal g ON g.id = st.goal_id WHERE g.plan_id = $1 AND st.status = 'open'",
    [id],
  );
  return rows.map((row) => row.id);
}

export async function insertPlan(
  db: Queryable,
  input: {
    caseId: string;
    planNumber: number;
    assessmentId: string | null;
    supersedes: string | null;
    reviewReason: string | null;
    actorId: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO case_plan (case_id, plan_number, status, assessment_id, supersedes, review_reason, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, $6, $7) RETURNING id`,
    [input.caseId, input.planNumber, input.assessmentId, input.supersedes, input.reviewReason, input.actorId, input.now],
  );
  return row!.id;
}

export async function insertGoal(
  db: Queryable,
  input: {
    planId: string;
    position: number;
    title: string;
    need: { domain: string; title: string } | null;
    strengths: { domain: string; title: string }[];
    completedAt: Date | null;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO case_plan_goal (plan_id, position, title, need_domain, need_title, strengths, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      input.planId,
      input.position,
      input.title,
      input.need?.domain ?? null,
      input.need?.title ?? null,
      JSON.stringify(input.strengths),
      input.completedAt,
    ],
  );
  return row!.id;
}

export async function insertObjective(
  db: Queryable,
  input: { goalId: string; position: number; description: string; measure: string; targetDate: string },
): Promise<void> {
  await db.query("INSERT INTO case_plan_objective (goal_id, position, description, measure, target_date) VALUES ($1, $2, $3, $4, $5)", [
    input.goalId,
    input.position,
    input.description,
    input.measure,
    input.targetDate,
  ]);
}

export async function insertStep(
  db: Queryable,
  input: {
    goalId: string;
    position: number;
    description: string;
    owner: "supervisee" | "officer" | "provider";
    providerName: string | null;
    dueOn: string | null;
    done: boolean;
    actorId: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO case_plan_step (goal_id, position, description, owner, provider_name, due_on, status, done_at, done_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      input.goalId,
      input.position,
      input.description,
      input.owner,
      input.providerName,
      input.dueOn,
      input.done ? "done" : "open",
      input.done ? input.now : null,
      input.done ? input.actorId : null,
    ],
  );
  return row!.id;
}

export type StepRow = {
  id: string;
  goal_id: string;
  plan_id: string;
  owner: "supervisee" | "officer" | "provider";
  due_on: string | null;
  status: "open" | "done";
  description: string;
  goal_title: string;
  goal_completed: boolean;
};

export async function findStep(db: Queryable, planId: string, stepId: string): Promise<StepRow | undefined> {
  const [row] = await db.query<StepRow>(
    `SELECT st.id, st.goal_id, g.plan_id, st.owner, to_char(st.due_on, 'YYYY-MM-DD') AS due_on, st.status, st.description,
            g.title AS goal_title, g.completed_at IS NOT NULL AS goal_completed
       FROM case_plan_step st JOIN case_plan_goal g ON g.id = st.goal_id
      WHERE st.id = $2 AND g.plan_id = $1`,
    [planId, stepId],
  );
  return row;
}

export async function setStepStatus(db: Queryable, stepId: string, status: "open" | "done", actorId: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE case_plan_step SET status = $2, done_at = CASE WHEN $2 = 'done' THEN $4::timestamptz END,
            done_by = CASE WHEN $2 = 'done' THEN $3::uuid END
      WHERE id = $1`,
    [stepId, status, actorId, now],
  );
}

/** Sets the goal completed when every step is done (and open again when one is not); answers what changed. */
export async function settleGoal(db: Queryable, goalId: string, now: Date): Promise<"completed" | "reopened" | "unchanged"> {
  const [row] = await db.query<{ all_done: boolean; completed: boolean }>(
    `SELECT bool_and(st.status = 'done') AS all_done, (SELECT completed_at IS NOT NULL FROM case_plan_goal WHERE id = $1) AS completed
       FROM case_plan_step st WHERE st.goal_id = $1`,
    [goalId],
  );
  if (!row) return "unchanged";
  if (row.all_done && !row.completed) {
    await db.query("UPDATE case_plan_goal SET completed_at = $2 WHERE id = $1", [goalId, now]);
    return "completed";
  }
  if (!row.all_done && row.completed) {
    await db.query("UPDATE case_plan_goal SET completed_at = NULL WHERE id = $1", [goalId]);
    return "reopened";
  }
  return "unchanged";
}

export async function recordAgreement(
  db: Queryable,
  planId: string,
  input: { kind: "signed" | "verbal" | "not_agreed"; reason: string | null; on: string; actorId: string; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE case_plan SET agreement = $2, agreement_reason = $3, agreement_on = $4, agreement_recorded_by = $5, agreement_recorded_at = $6
      WHERE id = $1`,
    [planId, input.kind, input.reason, input.on, input.actorId, input.now],
  );
}

/** The agency's time zone of a case (due days and "today"). */
export async function caseTimeZone(db: Queryable, caseId: string): Promise<string> {
  const [row] = await db.query<{ time_zone: string }>(
    "SELECT a.time_zone FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1",
    [caseId],
  );
  return row!.time_zone;
}

/** Steps of the case's active plan, for linking a motivational-interviewing note's next steps. */
export async function activePlanStepIds(db: Queryable, caseId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT st.id FROM case_plan_step st JOIN case_plan_goal g ON g.id = st.goal_id JOIN case_plan p ON p.id = g.plan_id
      WHERE p.case_id = $1 AND p.status = 'active'`,
    [caseId],
  );
  return rows.map((row) => row.id);
}
