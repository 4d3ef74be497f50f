import type { ContactDueDetail, Task, TaskKind, TaskStatus } from "../../../shared/contract/tasks";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type TaskOwner = { owner: "case_officer" | "unit_supervisors" } | { owner: "user"; userId: string };

/** Records a change in the task's history. */
async function insertChange(
  db: Queryable,
  taskId: string,
  change: { status: TaskStatus; reason: string | null; snoozedUntil: Date | null; by: string | null; now: Date },
): Promise<void> {
  await db.query(
    "INSERT INTO task_change (task_id, status, reason, snoozed_until, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [taskId, change.status, change.reason, change.snoozedUntil, change.by, change.now],
  );
}

/** A new open task; null when the same case, source and kind already has a standing (open or snoozed) one. */
export async function insertTask(
  db: Queryable,
  input: {
    caseId: string;
    kind: TaskKind;
    owner: TaskOwner;
    dueOn: string;
    sourceType: string;
    sourceId: string;
    sourceOccurredAt: Date | string | null;
    by: string | null;
    now: Date;
  },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO task (agency_id, case_id, kind, owner, owner_user_id, due_on, source_type, source_id, source_occurred_at,
                       created_by, created_at, changed_by, changed_at)
     SELECT c.agency_id, c.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10 FROM supervision_case c WHERE c.id = $1
     ON CONFLICT (case_id, source_type, source_id, kind) WHERE status IN ('open', 'snoozed') DO NOTHING
     RETURNING id`,
    [
      input.caseId,
      input.kind,
      input.owner.owner,
      input.owner.owner === "user" ? input.owner.userId : null,
      input.dueOn,
      input.sourceType,
      input.sourceId,
      input.sourceOccurredAt,
      input.by,
      input.now,
    ],
  );
  if (!row) return null;
  await insertChange(db, row.id, { status: "open", reason: null, snoozedUntil: null, by: input.by, now: input.now });
  return row.id;
}

/** Closes the standing tasks of a source (optionally of one case and some kinds); answers their ids. */
export async function closeStandingTasks(
  db: Queryable,
  input: {
    sourceType: string;
    sourceId: string;
    caseId: string | null;
    kinds: readonly TaskKind[] | null;
    status: "done" | "dismissed";
    reason: string | null;
    by: string | null;
    now: Date;
  },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE task SET status = $5, status_reason = $6, snoozed_until = NULL, changed_by = $7, changed_at = $8
      WHERE source_type = $1 AND source_id = $2 AND status IN ('open', 'snoozed')
        AND ($3::uuid IS NULL OR case_id = $3) AND ($4::text[] IS NULL OR kind = ANY ($4::text[]))
      RETURNING id`,
    [input.sourceType, input.sourceId, input.caseId, input.kinds, input.status, input.reason, input.by, input.now],
  );
  for (const { id } of rows) {
    await insertChange(db, id, { status: input.status, reason: input.reason, snoozedUntil: null, by: input.by, now: input.now });
  }
  return rows.map((row) => row.id);
}

export type TaskRow = {
  id: string;
  case_id: string;
  kind: TaskKind;
  status: TaskStatus;
  owner: TaskOwner["owner"];
  owner_user_id: string | null;
};

/** Moves the standing tasks of a source to the local day of its new time; answers their ids. */
export async function moveStandingTasks(
  db: Queryable,
  input: { sourceType: string; sourceId: string; kinds: readonly TaskKind[]; occurredAt: string },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE task t SET due_on = ($4::timestamptz AT TIME ZONE a.time_zone)::date, source_occurred_at = $4
       FROM agency a
      WHERE a.id = t.agency_id AND t.source_type = $1 AND t.source_id = $2 AND t.kind = ANY ($3::text[]) AND t.status IN ('open', 'snoozed')
      RETURNING t.id`,
    [input.sourceType, input.sourceId, input.kinds, input.occurredAt],
  );
  return rows.map((row) => row.id);
}

export async function lockTask(db: Queryable, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.query<TaskRow>("SELECT id, case_id, kind, status, owner, owner_user_id FROM task WHERE id = $1 FOR UPDATE", [id]);
  return row;
}

/** A person's change: snoozed (with until), dismissed or done. */
export async function setTaskStatus(
  db: Queryable,
  id: string,
  change: { status: "snoozed" | "dismissed" | "done"; reason: string | null; snoozedUntil: Date | null; by: string; now: Date },
): Promise<void> {
  await db.query("UPDATE task SET status = $2, status_reason = $3, snoozed_until = $4, changed_by = $5, changed_at = $6 WHERE id = $1", [
    id,
    change.status,
    change.reason,
    change.snoozedUntil,
    change.by,
    change.now,
  ]);
  await insertChange(db, id, change);
}

export type TaskOwnerRow = {
  task_id: string;
  user_id: string;
  kind: TaskKind;
  due_on: string;
  person_name: string;
  task_kinds: TaskKind[] | null;
  detail: ContactDueDetail | null;
};

/**
 * Who owns each of the tasks now, one row per task and user: the case's supervising officer, the named user, or
 * every active supervisor of the case's unit; with the task kinds each has chosen to be told of (null: the default).
 */
export async function listTaskOwners(db: Queryable, taskIds: string[]): Promise<TaskOwnerRow[]> {
  if (taskIds.length === 0) return [];
  return db.query<TaskOwnerRow>(
    `SELECT t.id AS task_id, u.id AS user_id, t.kind, to_char(t.due_on, 'YYYY-MM-DD') AS due_on,
            p.first_name || ' ' || p.last_name AS person_name, np.task_kinds, t.detail
       FROM task t JOIN supervision_case c ON c.id = t.case_id JOIN person p ON p.id = c.person_id
       JOIN app_user u ON u.disabled_at IS NULL AND CASE t.owner
              WHEN 'case_officer' THEN u.id = c.officer_id
              WHEN 'user' THEN u.id = t.owner_user_id
              ELSE u.agency_id = c.agency_id AND u.unit_id = c.unit_id AND 'supervisor' = ANY (u.roles) END
       LEFT JOIN notification_preference np ON np.user_id = u.id
      WHERE t.id = ANY ($1::uuid[])`,
    [taskIds],
  );
}

/** The case's agency and its time zone (a task's due day is a day of the agency's calendar). */
export async function caseAgency(db: Queryable, caseId: string): Promise<{ agency_id: string; time_zone: string }> {
  const [row] = await db.query<{ agency_id: string; time_zone: string }>(
    "SELECT a.id AS agency_id, a.time_zone FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1",
    [caseId],
  );
  return row!;
}

// $1 is always the reading time: a snooze whose time has passed reads as open.
const taskFields = `
  'id', t.id, 'kind', t.kind, 'caseId', c.id, 'caseNumber', c.case_number, 'personId', p.id,
  'personName', p.first_name || ' ' || p.last_name, 'owner', t.owner,
  'ownerName', CASE t.owner WHEN 'user' THEN ou.display_name WHEN 'case_officer' THEN co.display_name END,
  'dueOn', t.due_on, 'contactDue', CASE WHEN t.kind = 'contact_due' THEN t.detail END, 'sourceType', t.source_type, 'sourceId', t.source_id,
  'sourceOccurredAt', ${instantText("t.source_occurred_at")},
  'status', CASE WHEN t.status = 'snoozed' AND t.snoozed_until <= $1 THEN 'open' ELSE t.status END,
  'statusReason', t.status_reason, 'snoozedUntil', ${instantText("t.snoozed_until")},
  'createdAt', ${instantText("t.created_at")}, 'changedAt', ${instantText("t.changed_at")},
  'history', (SELECT coalesce(json_agg(json_build_object(
      'status', h.status, 'reason', h.reason, 'snoozedUntil', ${instantText("h.snoozed_until")},
      'changedByName', hu.display_name, 'changedAt', ${instantText("h.changed_at")}) ORDER BY h.id), '[]'::json)
    FROM task_change h LEFT JOIN app_user hu ON hu.id = h.changed_by WHERE h.task_id = t.id)`;
const taskFrom = `FROM task t JOIN supervision_case c ON c.id = t.case_id JOIN person p ON p.id = c.person_id
  JOIN app_user co ON co.id = c.officer_id LEFT JOIN app_user ou ON ou.id = t.owner_user_id`;

type TaskJson = Omit<Task, "humanCloses" | "dismissable">;

async function selectTasks(db: Queryable, where: string, order: string, params: unknown[]): Promise<TaskJson[]> {
  const rows = await db.query<{ task: TaskJson }>(
    `SELECT json_build_object(${taskFields}) AS task ${taskFrom} WHERE ${where} ORDER BY ${order} LIMIT 500`,
    params,
  );
  return rows.map((row) => row.task);
}

export async function findTask(db: Queryable, id: string, now: Date): Promise<TaskJson | undefined> {
  return (await selectTasks(db, "t.id = $2", "t.id", [now, id]))[0];
}

/** A case's tasks, standing ones first (by due date), then the closed ones newest first: its history. */
export async function listCaseTasks(db: Queryable, caseId: string, now: Date): Promise<TaskJson[]> {
  return selectTasks(
    db,
    "t.case_id = $2",
    "(t.status IN ('open', 'snoozed')) DESC, CASE WHEN t.status IN ('open', 'snoozed') THEN t.due_on END, t.changed_at DESC",
    [now, caseId],
  );
}

/**
 * The standing tasks an actor owns: as the case's officer, by name, or as a supervisor of the case's unit; further
 * limited by the access filter (placeholders from $5). Snoozed ones are included, marked as such until their time.
 * Each way of owning is its own indexed branch (the officer's or unit's cases, then their standing tasks by
 * case), collected once into an array, rather than one OR over the join that would read every standing task.
 */
export async function listOwnedTasks(
  db: Queryable,
  input: { now: Date; userId: string; supervisedUnitId: string | null; kind: TaskKind | null; filter: { sql: string; params: unknown[] } },
): Promise<TaskJson[]> {
  return selectTasks(
    db,
    `t.id = ANY (ARRAY(
         SELECT ot.id FROM supervision_case oc JOIN task ot ON ot.case_id = oc.id
          WHERE oc.officer_id = $2 AND ot.owner = 'case_officer' AND ot.status IN ('open', 'snoozed')
         UNION ALL
         SELECT ot.id FROM task ot WHERE ot.owner = 'user' AND ot.owner_user_id = $2 AND ot.status IN ('open', 'snoozed')
         UNION ALL
         SELECT ot.id FROM supervision_case oc JOIN task ot ON ot.case_id = oc.id
          WHERE oc.unit_id = $3 AND ot.owner = 'unit_supervisors' AND ot.status IN ('open', 'snoozed')))
       AND ($4::text IS NULL OR t.kind = $4) AND ${input.filter.sql}`,
    "t.due_on, t.created_at",
    [input.now, input.userId, input.supervisedUnitId, input.kind, ...input.filter.params],
  );
}

/** The standing (open or snoozed) tasks of a kind and source type on the cases, with their source and due day. */
export async function standingTasksOfCases(
  db: Queryable,
  input: { caseIds: readonly string[]; kind: TaskKind; sourceType: string },
): Promise<{ id: string; source_id: string; due_on: string }[]> {
  return db.query(
    `SELECT id, source_id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM task
      WHERE case_id = ANY ($1::uuid[]) AND kind = $2 AND source_type = $3 AND status IN ('open', 'snoozed')`,
    [input.caseIds, input.kind, input.sourceType],
  );
}

/** Many new open tasks of one kind, owned by their cases' officers, set-based; those already standing are skipped. */
export async function insertCaseOfficerTasks(
  db: Queryable,
  input: {
    kind: TaskKind;
    sourceType: string;
    tasks: readonly NewCaseOfficerTask[];
    by: string | null;
    now: Date;
  },
): Promise<{ id: string; case_id: string }[]> {
  if (input.tasks.length === 0) return [];
  // One statement for the tasks and their first history rows. Without a due day, a task is due on its source's day
  // in the agency's time zone (as createTask's daysAfterSource 0).
  return db.query<{ id: string; case_id: string }>(
    `WITH inserted AS (
       INSERT INTO task (agency_id, case_id, kind, owner, due_on, source_type, source_id, source_occurred_at, detail,
                         created_by, created_at, changed_by, changed_at)
       SELECT c.agency_id, c.id, $2, 'case_officer', coalesce(x.due_on, (x.source_occurred_at AT TIME ZONE ag.time_zone)::date), $3,
              x.source_id, x.source_occurred_at, x.detail, coalesce(x.created_by, $4), $5, coalesce(x.created_by, $4), $5
         FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, source_id uuid, due_on date, source_occurred_at timestamptz, created_by uuid, detail jsonb)
         JOIN supervision_case c ON c.id = x.case_id JOIN agency ag ON ag.id = c.agency_id
       ON CONFLICT (case_id, source_type, source_id, kind) WHERE status IN ('open', 'snoozed') DO NOTHING
       RETURNING id, case_id, created_by, created_at),
     history AS (INSERT INTO task_change (task_id, status, changed_by, changed_at) SELECT id, 'open', created_by, created_at FROM inserted)
     SELECT id, case_id FROM inserted`,
    [
      JSON.stringify(
        input.tasks.map((task) => ({
          case_id: task.caseId,
          source_id: task.sourceId,
          due_on: task.dueOn ?? null,
          source_occurred_at: task.sourceOccurredAt ?? null,
          created_by: task.by ?? null,
          // No detail: the key left out, so the column is SQL NULL (not a JSON null).
          ...(task.detail ? { detail: task.detail } : {}),
        })),
      ),
      input.kind,
      input.sourceType,
      input.by,
      input.now,
    ],
  );
}

/**
 * One of many new tasks of a kind owned by the case's officer: due on `dueOn`, or on the source's day (its
 * `sourceOccurredAt`) in the agency's time zone; `by` when another user than the batch's made it.
 */
export type NewCaseOfficerTask = {
  caseId: string;
  sourceId: string;
  by?: string | null;
  /** What the task is about beyond its kind (a contact_due task's requirement and period). */
  detail?: ContactDueDetail | null;
} & ({ dueOn: string; sourceOccurredAt?: Date | string | null } | { dueOn?: undefined; sourceOccurredAt: Date | string });

/** Closes the standing tasks of many sources of one type and kind at once, with one reason; answers their ids. */
export async function closeStandingTasksOfSources(
  db: Queryable,
  input: {
    sourceType: string;
    sourceIds: readonly string[];
    kind: TaskKind;
    status: "done" | "dismissed";
    reason: string;
    by: string | null;
    now: Date;
  },
): Promise<{ id: string; case_id: string }[]> {
  if (input.sourceIds.length === 0) return [];
  const rows = await db.query<{ id: string; case_id: string }>(
    `UPDATE task SET status = $4, status_reason = $5, snoozed_until = NULL, changed_by = $6, changed_at = $7
      WHERE source_type = $1 AND source_id = ANY ($2::uuid[]) AND kind = $3 AND status IN ('open', 'snoozed')
      RETURNING id, case_id`,
    [input.sourceType, input.sourceIds, input.kind, input.status, input.reason, input.by, input.now],
  );
  await insertChanges(
    db,
    rows.map((row) => row.id),
    { status: input.status, reason: input.reason, by: input.by, now: input.now },
  );
  return rows;
}

async function insertChanges(
  db: Queryable,
  taskIds: readonly string[],
  change: { status: TaskStatus; reason: string | null; by: string | null; now: Date },
): Promise<void> {
  if (taskIds.length === 0) return;
  await db.query(
    "INSERT INTO task_change (task_id, status, reason, changed_by, changed_at) SELECT id, $2, $3, $4, $5 FROM unnest($1::uuid[]) AS ids(id)",
    [taskIds, change.status, change.reason, change.by, change.now],
  );
}

/** A unit's name and its agency's time zone; undefined when no such unit. */
export async function findUnit(db: Queryable, unitId: string): Promise<{ agency_id: string; name: string; time_zone: string } | undefined> {
  const [row] = await db.query<{ agency_id: string; name: string; time_zone: string }>(
    "SELECT u.agency_id, u.name, a.time_zone FROM unit u JOIN agency a ON a.id = u.agency_id WHERE u.id = $1",
    [unitId],
  );
  return row;
}

/** The unit's active officers, by name: each has a row in the unit's view, tasks or not. */
export function listUnitOfficers(db: Queryable, unitId: string) {
  return db.query<{ id: string; display_name: string }>(
    `SELECT id, display_name FROM app_user WHERE unit_id = $1 AND 'officer' = ANY (roles) AND disabled_at IS NULL ORDER BY display_name, id`,
    [unitId],
  );
}

/**
 * The standing tasks of the unit's cases due on `date` or before (snoozed ones once their time has come), with the
 * supervising officer of each task's case; overdue first. Further limited by the access filter (placeholders from $4).
 */
export async function listUnitTasks(
  db: Queryable,
  input: { now: Date; unitId: string; date: string; filter: { sql: string; params: unknown[] } },
): Promise<{ officer_id: string; task: TaskJson }[]> {
  return db.query<{ officer_id: string; task: TaskJson }>(
    `SELECT c.officer_id, json_build_object(${taskFields}) AS task ${taskFrom}
      WHERE t.id = ANY (ARRAY(SELECT ut.id FROM supervision_case uc JOIN task ut ON ut.case_id = uc.id
                               WHERE uc.unit_id = $2 AND ut.status IN ('open', 'snoozed') AND ut.due_on <= $3::date))
        AND (t.status = 'open' OR t.snoozed_until <= $1) AND ${input.filter.sql}
      ORDER BY t.due_on, t.created_at LIMIT 2000`,
    [input.now, input.unitId, input.date, ...input.filter.params],
  );
}

/** Closes every standing (open or snoozed) task of a case, whatever its source: the case itself has ended. */
export async function closeStandingTasksOfCase(
  db: Queryable,
  input: { caseId: string; status: "done" | "dismissed"; reason: string; by: string | null; now: Date },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE task SET status = $2, status_reason = $3, snoozed_until = NULL, changed_by = $4, changed_at = $5
      WHERE case_id = $1 AND status IN ('open', 'snoozed')
      RETURNING id`,
    [input.caseId, input.status, input.reason, input.by, input.now],
  );
  for (const { id } of rows) {
    await insertChange(db, id, { status: input.status, reason: input.reason, snoozedUntil: null, by: input.by, now: input.now });
  }
  return rows.map((row) => row.id);
}
