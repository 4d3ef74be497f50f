import type { z } from "zod";
import type {
  ConditionKind,
  modificationRequest,
  modificationRequestChange,
  modificationRequestStatus,
} from "../../../shared/contract/conditions";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type ConditionTypeRow = {
  id: string;
  agency_id: string;
  code: string;
  title: string;
  kind: ConditionKind;
  is_standard: boolean;
  description: string | null;
};
export type ModificationRequest = z.infer<typeof modificationRequest>;
export type RequestStatus = z.infer<typeof modificationRequestStatus>;
export type RequestChange = z.infer<typeof modificationRequestChange>;

export async function listConditionTypes(db: Queryable, agencyId: string): Promise<ConditionTypeRow[]> {
  return db.query<ConditionTypeRow>("SELECT * FROM condition_type WHERE agency_id = $1 ORDER BY is_standard DESC, code", [agencyId]);
}

export async function findConditionType(db: Queryable, id: string): Promise<ConditionTypeRow | undefined> {
  return (await db.query<ConditionTypeRow>("SELECT * FROM condition_type WHERE id = $1", [id]))[0];
}

export async function conditionCodeExists(db: Queryable, agencyId: string, code: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM condition_type WHERE agency_id = $1 AND code = $2", [agencyId, code])).length > 0;
}

export async function insertConditionType(
  db: Queryable,
  agencyId: string,
  input: { code: string; title: string; kind: ConditionKind; isStandard: boolean; description: string | null },
): Promise<ConditionTypeRow> {
  const [row] = await db.query<ConditionTypeRow>(
    "INSERT INTO condition_type (agency_id, code, title, kind, is_standard, description) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
    [agencyId, input.code, input.title, input.kind, input.isStandard, input.description],
  );
  return row!;
}

/** A new condition, or (with `supersedes`) a new version of one: the only link between versions. */
export async function insertCondition(
  db: Queryable,
  input: {
    caseId: string;
    conditionTypeId: string;
    parameters: Record<string, unknown>;
    effectiveFrom: string;
    effectiveTo: string | null;
    orderedBy: string;
    supersedes: string | null;
    createdBy: string;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO case_condition (case_id, condition_type_id, parameters, effective_from, effective_to, ordered_by, supersedes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      input.caseId,
      input.conditionTypeId,
      JSON.stringify(input.parameters),
      input.effectiveFrom,
      input.effectiveTo,
      input.orderedBy,
      input.supersedes,
      input.createdBy,
    ],
  );
  return row!.id;
}

export type ConditionVersionRow = {
  case_id: string;
  kind: ConditionKind;
  title: string;
  condition_type_id: string;
  parameters: Record<string, unknown>;
  effective_from: string;
  effective_to: string | null;
};

/** Locks a condition version for modification. */
export async function lockCondition(db: Queryable, id: string): Promise<ConditionVersionRow | undefined> {
  const [row] = await db.query<ConditionVersionRow>(
    `SELECT cc.case_id, ct.kind, ct.title, cc.condition_type_id, cc.parameters, to_char(cc.effective_from, 'YYYY-MM-DD') AS effective_from,
            to_char(cc.effective_to, 'YYYY-MM-DD') AS effective_to
       FROM case_condition cc JOIN condition_type ct ON ct.id = cc.condition_type_id WHERE cc.id = $1 FOR UPDATE OF cc`,
    [id],
  );
  return row;
}

/** The version that replaced this one (its start, parameters and who recorded it), if any. */
export async function findSuccessor(
  db: Queryable,
  id: string,
): Promise<{ effective_from: string; parameters: Record<string, unknown>; created_by_name: string | null } | undefined> {
  const [row] = await db.query<{ effective_from: string; parameters: Record<string, unknown>; created_by_name: string | null }>(
    `SELECT to_char(cc.effective_from, 'YYYY-MM-DD') AS effective_from, cc.parameters, u.display_name AS created_by_name
       FROM case_condition cc LEFT JOIN app_user u ON u.id = cc.created_by WHERE cc.supersedes = $1`,
    [id],
  );
  return row;
}

/** The replaced version ends the day before its successor takes effect. */
export async function endConditionBefore(db: Queryable, id: string, successorFrom: string): Promise<void> {
  await db.query("UPDATE case_condition SET effective_to = ($2::date - 1) WHERE id = $1", [id, successorFrom]);
}

export async function conditionCaseId(db: Queryable, id: string): Promise<string | undefined> {
  return (await db.query<{ case_id: string }>("SELECT case_id FROM case_condition WHERE id = $1", [id]))[0]?.case_id;
}

export async function isConditionOnCase(db: Queryable, id: string, caseId: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM case_condition WHERE id = $1 AND case_id = $2", [id, caseId])).length > 0;
}

/** Sets a condition's compliance; answers what it was. */
export async function setCompliance(db: Queryable, id: string, compliance: string): Promise<string> {
  const [row] = await db.query<{ previous: string }>(
    `UPDATE case_condition c SET compliance = $2
       FROM (SELECT compliance FROM case_condition WHERE id = $1 FOR UPDATE) previous
      WHERE c.id = $1
      RETURNING previous.compliance AS previous`,
    [id, compliance],
  );
  return row!.previous;
}

export async function caseSupervisionType(db: Queryable, caseId: string): Promise<string | undefined> {
  return (await db.query<{ supervision_type: string }>("SELECT supervision_type FROM supervision_case WHERE id = $1", [caseId]))[0]
    ?.supervision_type;
}

const requestFields = `'id', r.id, 'caseId', r.case_id, 'conditionId', r.condition_id, 'conditionTypeId', r.condition_type_id,
    'conditionTitle', rt.title, 'kind', rt.kind, 'change', r.change, 'proposedParameters', r.proposed_parameters, 'justification', r.justification,
    'status', r.status, 'createdBy', r.created_by, 'createdByName', ru.display_name, 'createdAt', ${instantText("r.created_at")},
    'decidedAt', ${instantText("r.decided_at")}, 'decidedByName', rd.display_name, 'resultingConditionId', r.resulting_condition_id`;
const requestFrom = `FROM condition_modification_request r JOIN condition_type rt ON rt.id = r.condition_type_id
  JOIN app_user ru ON ru.id = r.created_by LEFT JOIN app_user rd ON rd.id = r.decided_by`;
const requestSelect = `SELECT json_build_object(${requestFields}) AS request, r.case_id, r.created_by ${requestFrom}`;

export async function insertModificationRequest(
  db: Queryable,
  input: {
    caseId: string;
    conditionId: string | null;
    conditionTypeId: string;
    change: RequestChange;
    proposedParameters: Record<string, unknown>;
    justification: string;
    createdBy: string;
    createdAt: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO condition_modification_request (case_id, condition_id, condition_type_id, proposed_parameters, justification, created_by, created_at, change)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      input.caseId,
      input.conditionId,
      input.conditionTypeId,
      JSON.stringify(input.proposedParameters),
      input.justification,
      input.createdBy,
      input.createdAt,
      input.change,
    ],
  );
  return row!.id;
}

export async function findModificationRequest(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<{ request: ModificationRequest; case_id: string; created_by: string } | undefined> {
  return (
    await db.query<{ request: ModificationRequest; case_id: string; created_by: string }>(
      `${requestSelect} WHERE r.id = $1${forUpdate ? " FOR UPDATE OF r" : ""}`,
      [id],
    )
  )[0];
}

export async function listModificationRequests(db: Queryable, caseId: string): Promise<ModificationRequest[]> {
  return (
    await db.query<{ request: ModificationRequest }>(`${requestSelect} WHERE r.case_id = $1 ORDER BY r.created_at DESC`, [caseId])
  ).map((row) => row.request);
}

/** A decision (granted, denied) is dated and signed; other statuses clear both. */
export async function setModificationRequestStatus(
  db: Queryable,
  id: string,
  change: { status: RequestStatus; now: Date; decidedBy: string; resultingConditionId: string | null },
): Promise<void> {
  await db.query(
    `UPDATE condition_modification_request SET status = $2,
       decided_at = CASE WHEN $2 IN ('granted', 'denied') THEN $3::timestamptz END,
       decided_by = CASE WHEN $2 IN ('granted', 'denied') THEN $4::uuid END,
       resulting_condition_id = $5
     WHERE id = $1`,
    [id, change.status, change.now, change.decidedBy, change.resultingConditionId],
  );
}

/** Submitted requests of the cases the actor may read (the filter from the access policy), oldest first. */
export async function listPendingModificationRequests(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
): Promise<(ModificationRequest & { personId: string; personName: string; caseNumber: string })[]> {
  return (
    await db.query<{ request: ModificationRequest & { personId: string; personName: string; caseNumber: string } }>(
      `SELECT json_build_object(${requestFields}, 'personId', p.id, 'personName', p.first_name || ' ' || p.last_name, 'caseNumber', c.case_number) AS request
         ${requestFrom} JOIN supervision_case c ON c.id = r.case_id JOIN person p ON p.id = c.person_id
        WHERE r.status = 'submitted' AND ${filter.sql}
        ORDER BY r.created_at LIMIT 200`,
      filter.params,
    )
  ).map((row) => row.request);
}

/** The current version of a condition: follows `supersedes` forward from any version of it, locking it. */
export async function lockCurrentVersion(
  db: Queryable,
  id: string,
): Promise<(ConditionVersionRow & { id: string; effective_to: string | null }) | undefined> {
  const [latest] = await db.query<{ id: string }>(
    `WITH RECURSIVE chain AS (
       SELECT id, 0 AS depth FROM case_condition WHERE id = $1
       UNION ALL SELECT next.id, chain.depth + 1 FROM case_condition next JOIN chain ON next.supersedes = chain.id)
     SELECT id FROM chain ORDER BY depth DESC LIMIT 1`,
    [id],
  );
  if (!latest) return undefined;
  const row = await lockCondition(db, latest.id);
  return row && { ...row, id: latest.id };
}

/** Ends a condition version: its last day in force. */
export async function endCondition(db: Queryable, id: string, lastDay: string): Promise<void> {
  await db.query("UPDATE case_condition SET effective_to = $2 WHERE id = $1", [id, lastDay]);
}

export async function caseAuthority(db: Queryable, caseId: string): Promise<{ supervision_type: string; authority_name: string }> {
  const [row] = await db.query<{ supervision_type: string; authority_name: string }>(
    "SELECT supervision_type, authority_name FROM supervision_case WHERE id = $1",
    [caseId],
  );
  return row!;
}

/** The case's latest version of a condition of this kind still in force on `day` (none replaced it), locked. */
export async function lockCurrentConditionOfKind(
  db: Queryable,
  caseId: string,
  kind: ConditionKind,
  day: string,
): Promise<(ConditionVersionRow & { id: string }) | undefined> {
  const [row] = await db.query<ConditionVersionRow & { id: string }>(
    `SELECT cc.id, cc.case_id, ct.kind, ct.title, cc.condition_type_id, cc.parameters,
            to_char(cc.effective_from, 'YYYY-MM-DD') AS effective_from, to_char(cc.effective_to, 'YYYY-MM-DD') AS effective_to
       FROM case_condition cc JOIN condition_type ct ON ct.id = cc.condition_type_id
      WHERE cc.case_id = $1 AND ct.kind = $2 AND (cc.effective_to IS NULL OR cc.effective_to >= $3::date)
        AND NOT EXISTS (SELECT 1 FROM case_condition next WHERE next.supersedes = cc.id)
      ORDER BY cc.effective_from DESC, cc.created_at DESC LIMIT 1
      FOR UPDATE OF cc`,
    [caseId, kind, day],
  );
  return row;
}

/** The agency's catalogue entry for a kind of condition (the first by code when there are several). */
export async function findConditionTypeOfKind(db: Queryable, agencyId: string, kind: ConditionKind): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>("SELECT id FROM condition_type WHERE agency_id = $1 AND kind = $2 ORDER BY code LIMIT 1", [
    agencyId,
    kind,
  ]);
  return row?.id;
}
