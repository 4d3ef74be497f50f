import type { z } from "zod";
import type {
  EnforcementDecision,
  EnforcementDecisionKind,
  MatrixRow,
  ResponseEffect,
  ResponseKind,
  responseApplied,
  Violation,
  ViolationSeverity,
  ViolationType,
  WarningLetter,
} from "../../../shared/contract/violations";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

type ResponseApplied = z.infer<typeof responseApplied>;

// ─── Settings ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** The statuses of a response in effect, as SQL text: chosen and standing (to carry out, or carried out). Sanctions
 * in the incentive ratio and responses in the fairness report are these. */
export const responseInEffectSql = "('to_do', 'done')";

export async function listSeverities(
  db: Queryable,
  agencyId: string,
): Promise<{ violation_type: ViolationType; severity: ViolationSeverity }[]> {
  return db.query("SELECT violation_type, severity FROM violation_severity WHERE agency_id = $1", [agencyId]);
}

/** Replaces the agency's severity table in one statement per type (the whole table is sent each time). */
export async function upsertSeverity(
  db: Queryable,
  input: { agencyId: string; type: ViolationType; severity: ViolationSeverity; by: string; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO violation_severity (agency_id, violation_type, severity, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (agency_id, violation_type) DO UPDATE SET severity = EXCLUDED.severity, updated_by = EXCLUDED.updated_by,
       updated_at = EXCLUDED.updated_at`,
    [input.agencyId, input.type, input.severity, input.by, input.now],
  );
}

export async function findMatrix(
  db: Queryable,
  agencyId: string,
  forUpdate = false,
): Promise<{ rows: MatrixRow[]; version: number } | undefined> {
  const [row] = await db.query<{ rows: MatrixRow[]; version: number }>(
    `SELECT rows, version FROM response_matrix WHERE agency_id = $1${forUpdate ? " FOR UPDATE" : ""}`,
    [agencyId],
  );
  return row;
}

/** Saves the matrix when it is still at the version the editor read (0: none saved yet); false when it moved on. */
export async function saveMatrix(
  db: Queryable,
  input: { agencyId: string; rows: MatrixRow[]; expectedVersion: number; by: string; now: Date },
): Promise<boolean> {
  const saved = await db.query(
    `INSERT INTO response_matrix (agency_id, rows, version, updated_by, updated_at) VALUES ($1, $2::jsonb, 2, $4, $5)
     ON CONFLICT (agency_id) DO UPDATE SET rows = EXCLUDED.rows, version = response_matrix.version + 1,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       WHERE response_matrix.version = $3
     RETURNING version`,
    [input.agencyId, JSON.stringify(input.rows), input.expectedVersion, input.by, input.now],
  );
  return saved.length === 1;
}

export async function findMatrixEditor(
  db: Queryable,
  agencyId: string,
): Promise<{ changed_by: string | null; updated_at: Date } | undefined> {
  const [row] = await db.query<{ changed_by: string | null; updated_at: Date }>(
    "SELECT u.display_name AS changed_by, m.updated_at FROM response_matrix m LEFT JOIN app_user u ON u.id = m.updated_by WHERE m.agency_id = $1",
    [agencyId],
  );
  return row;
}

export async function findAgencyTimeZone(db: Queryable, agencyId: string): Promise<string | undefined> {
  const [row] = await db.query<{ time_zone: string }>("SELECT time_zone FROM agency WHERE id = $1", [agencyId]);
  return row?.time_zone;
}

// ─── Cases ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export type CaseFacts = {
  agency_id: string;
  status: string;
  risk_level: string | null;
  supervision_level: string;
  time_zone: string;
  person_name: string;
};

/** Serialises the consumer's deliveries of one case, so two events of one episode delivered at once find each other. */
export async function lockCase(db: Queryable, caseId: string): Promise<void> {
  await db.query("SELECT 1 FROM supervision_case WHERE id = $1 FOR UPDATE", [caseId]);
}

export async function findCaseFacts(db: Queryable, caseId: string): Promise<CaseFacts | undefined> {
  const [row] = await db.query<CaseFacts>(
    `SELECT c.agency_id, c.status, c.risk_level, c.supervision_level, a.time_zone, p.first_name || ' ' || p.last_name AS person_name
       FROM supervision_case c JOIN agency a ON a.id = c.agency_id JOIN person p ON p.id = c.person_id WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

// ─── Violations ────────────────────────────────────────────────────────────────────────────────────────────────────

export type ViolationRow = {
  id: string;
  agency_id: string;
  case_id: string;
  violation_type: ViolationType;
  severity: ViolationSeverity;
  status: Violation["status"];
  version: number;
  recorded_by: string | null;
  occurred_at: Date;
};

export async function insertViolation(
  db: Queryable,
  input: {
    agencyId: string;
    caseId: string;
    type: ViolationType;
    severity: ViolationSeverity;
    occurredAt: Date | string;
    description: string | null;
    recordedBy: string | null;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO violation (agency_id, case_id, violation_type, severity, occurred_at, description, recorded_by, created_at,
                            updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8) RETURNING id`,
    [input.agencyId, input.caseId, input.type, input.severity, input.occurredAt, input.description, input.recordedBy, input.now],
  );
  return row!.id;
}

export async function findViolationCaseId(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ case_id: string }>("SELECT case_id FROM violation WHERE id = $1", [id]);
  return row?.case_id;
}

export async function lockViolation(db: Queryable, id: string): Promise<ViolationRow | undefined> {
  const [row] = await db.query<ViolationRow>(
    "SELECT id, agency_id, case_id, violation_type, severity, status, version, recorded_by, occurred_at FROM violation WHERE id = $1 FOR UPDATE",
    [id],
  );
  return row;
}

export async function updateViolation(
  db: Queryable,
  id: string,
  input: {
    severity: ViolationSeverity;
    description: string | null | undefined;
    personsAccount: string | null | undefined;
    status: Violation["status"];
    statusReason: string | null | undefined;
  },
): Promise<void> {
  // undefined leaves a text as it is; null clears it.
  await db.query(
    `UPDATE violation SET severity = $2,
       description = CASE WHEN $3::boolean THEN $4 ELSE description END,
       persons_account = CASE WHEN $5::boolean THEN $6 ELSE persons_account END,
       status = $7,
       status_reason = CASE WHEN $8::boolean THEN $9 ELSE status_reason END
     WHERE id = $1`,
    [
      id,
      input.severity,
      input.description !== undefined,
      input.description ?? null,
      input.personsAccount !== undefined,
      input.personsAccount ?? null,
      input.status,
      input.statusReason !== undefined,
      input.statusReason ?? null,
    ],
  );
}

/** A change made by the system (the consumer): status and reason, severity; no version claim, but the version moves on. */
export async function setViolationState(
  db: Queryable,
  id: string,
  input: {
    status: Violation["status"];
    /** undefined: the reason stands as it is. */
    statusReason: string | null | undefined;
    severity: ViolationSeverity;
    mergedInto?: string | null;
    by: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE violation SET status = $2, status_reason = CASE WHEN $8::boolean THEN $3 ELSE status_reason END, severity = $4,
       merged_into = coalesce($5, merged_into), version = version + 1, updated_by = $6, updated_at = $7 WHERE id = $1`,
    [
      id,
      input.status,
      input.statusReason ?? null,
      input.severity,
      input.mergedInto ?? null,
      input.by,
      input.now,
      input.statusReason !== undefined,
    ],
  );
}

// ─── Evidence ──────────────────────────────────────────────────────────────────────────────────────────────────────

export async function insertEvidence(
  db: Queryable,
  input: {
    violationId: string;
    eventId: string | null;
    eventKind: string | null;
    sourceType: string;
    sourceId: string;
    occurredAt: Date | string;
    episodeKeys: string[];
    severity: ViolationSeverity;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO violation_evidence (violation_id, event_id, event_kind, source_type, source_id, occurred_at, episode_keys, severity, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9)`,
    [
      input.violationId,
      input.eventId,
      input.eventKind,
      input.sourceType,
      input.sourceId,
      input.occurredAt,
      input.episodeKeys,
      input.severity,
      input.now,
    ],
  );
}

/** The open violation of the case that already concerns one of these records (the same episode), oldest first. */
export async function findOpenViolationOfEpisode(db: Queryable, caseId: string, episodeKeys: string[]): Promise<ViolationRow | undefined> {
  const [row] = await db.query<ViolationRow>(
    `SELECT v.id, v.agency_id, v.case_id, v.violation_type, v.severity, v.status, v.version, v.recorded_by
       FROM violation v
      WHERE v.case_id = $1 AND v.status = 'open'
        AND EXISTS (SELECT 1 FROM violation_evidence e WHERE e.violation_id = v.id AND e.withdrawn_at IS NULL AND e.episode_keys && $2::text[])
      ORDER BY v.created_at LIMIT 1 FOR UPDATE OF v`,
    [caseId, episodeKeys],
  );
  return row;
}

/** Marks the evidence of a withdrawn event withdrawn; answers its violation (null: the event made none). */
export async function withdrawEvidenceOfEvent(
  db: Queryable,
  input: { eventId: string; reason: string | null; now: Date },
): Promise<string | null> {
  const [row] = await db.query<{ violation_id: string }>(
    `UPDATE violation_evidence SET withdrawn_at = $2, withdrawn_reason = $3 WHERE event_id = $1 AND withdrawn_at IS NULL RETURNING violation_id`,
    [input.eventId, input.now, input.reason],
  );
  return row?.violation_id ?? null;
}

/** The severities of a violation's standing evidence. */
export async function standingEvidenceSeverities(db: Queryable, violationId: string): Promise<ViolationSeverity[]> {
  const rows = await db.query<{ severity: ViolationSeverity }>(
    "SELECT severity FROM violation_evidence WHERE violation_id = $1 AND withdrawn_at IS NULL",
    [violationId],
  );
  return rows.map((row) => row.severity);
}

/** Moves the evidence of merged violations onto the one they join. */
export async function moveEvidence(db: Queryable, fromIds: string[], toId: string): Promise<void> {
  await db.query("UPDATE violation_evidence SET violation_id = $2 WHERE violation_id = ANY ($1::uuid[])", [fromIds, toId]);
}

export async function lockViolations(db: Queryable, ids: string[]): Promise<ViolationRow[]> {
  return db.query<ViolationRow>(
    `SELECT id, agency_id, case_id, violation_type, severity, status, version, recorded_by, occurred_at FROM violation
      WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
}

export async function moveResponses(db: Queryable, fromIds: string[], toId: string): Promise<void> {
  await db.query("UPDATE violation_response SET violation_id = $2 WHERE violation_id = ANY ($1::uuid[])", [fromIds, toId]);
}

export async function earliestOccurrence(db: Queryable, ids: string[]): Promise<Date> {
  const [row] = await db.query<{ at: Date | string }>("SELECT min(occurred_at) AS at FROM violation WHERE id = ANY ($1::uuid[])", [ids]);
  return new Date(row!.at);
}

export async function setOccurredAt(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query("UPDATE violation SET occurred_at = $2 WHERE id = $1", [id, at]);
}

// ─── Responses ─────────────────────────────────────────────────────────────────────────────────────────────────────

export type ResponseRow = {
  id: string;
  violation_id: string;
  case_id: string;
  response: ResponseKind;
  status: "awaiting_approval" | "to_do" | "done" | "refused" | "cancelled";
  proposed_by: string;
  due_on: string;
  needs_approval: boolean;
  effect: ResponseEffect | null;
};

export async function insertResponse(
  db: Queryable,
  input: {
    violationId: string;
    caseId: string;
    response: ResponseKind;
    withinMatrix: boolean;
    departureReason: string | null;
    note: string | null;
    dueOn: string;
    needsApproval: boolean;
    effect: ResponseEffect | null;
    by: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO violation_response (violation_id, case_id, response, within_matrix, departure_reason, note, due_on, needs_approval,
                                     status, proposed_by, proposed_at, effect)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      input.violationId,
      input.caseId,
      input.response,
      input.withinMatrix,
      input.departureReason,
      input.note,
      input.dueOn,
      input.needsApproval,
      input.needsApproval ? "awaiting_approval" : "to_do",
      input.by,
      input.now,
      input.effect ? JSON.stringify(input.effect) : null,
    ],
  );
  return row!.id;
}

export async function lockResponse(db: Queryable, id: string): Promise<ResponseRow | undefined> {
  const [row] = await db.query<ResponseRow>(
    `SELECT id, violation_id, case_id, response, status, proposed_by, to_char(due_on, 'YYYY-MM-DD') AS due_on, needs_approval,
            effect
       FROM violation_response WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

export async function decideResponse(
  db: Queryable,
  id: string,
  input: { status: "to_do" | "refused"; by: string; reason: string | null; now: Date },
): Promise<void> {
  await db.query("UPDATE violation_response SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1", [
    id,
    input.status,
    input.by,
    input.now,
    input.reason,
  ]);
}

export async function completeResponse(db: Queryable, id: string, input: { by: string; note: string | null; now: Date }): Promise<void> {
  await db.query(
    "UPDATE violation_response SET status = 'done', completed_by = $2, completed_at = $3, completion_note = $4 WHERE id = $1",
    [id, input.by, input.now, input.note],
  );
}

/** Cancels a withdrawn violation's responses not yet carried out; answers their ids (their tasks close too). */
export async function cancelStandingResponses(db: Queryable, violationIds: string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE violation_response SET status = 'cancelled' WHERE violation_id = ANY ($1::uuid[]) AND status IN ('awaiting_approval', 'to_do') RETURNING id`,
    [violationIds],
  );
  return rows.map((row) => row.id);
}

/** Whether the violation has a response carried out or still to do (it is being addressed). */
export async function countResponsesByStatus(db: Queryable, violationId: string): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; count: number }>(
    "SELECT status, count(*)::int AS count FROM violation_response WHERE violation_id = $1 GROUP BY status",
    [violationId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

// ─── Reading ───────────────────────────────────────────────────────────────────────────────────────────────────────

export type ViolationReadRow = Omit<Violation, "allowedResponses">;

const violationSelect = `SELECT json_build_object(
    'id', v.id, 'caseId', v.case_id, 'type', v.violation_type, 'severity', v.severity,
    'occurredAt', ${instantText("v.occurred_at")}, 'description', v.description, 'personsAccount', v.persons_account,
    'status', v.status, 'statusReason', v.status_reason, 'recordedByName', ru.display_name,
    'createdAt', ${instantText("v.created_at")}, 'version', v.version,
    'evidence', coalesce((SELECT json_agg(json_build_object('sourceType', e.source_type, 'sourceId', e.source_id, 'eventKind', e.event_kind,
        'occurredAt', ${instantText("e.occurred_at")}, 'withdrawnAt', ${instantText("e.withdrawn_at")}, 'withdrawnReason', e.withdrawn_reason)
        ORDER BY e.occurred_at, e.id) FROM violation_evidence e WHERE e.violation_id = v.id), '[]'::json),
    'responses', coalesce((SELECT json_agg(json_build_object('id', r.id, 'response', r.response, 'withinMatrix', r.within_matrix,
        'departureReason', r.departure_reason, 'note', r.note, 'dueOn', to_char(r.due_on, 'YYYY-MM-DD'), 'status', r.status,
        'needsApproval', r.needs_approval, 'proposedById', r.proposed_by, 'proposedByName', pu.display_name,
        'proposedAt', ${instantText("r.proposed_at")}, 'decidedByName', du.display_name, 'decidedAt', ${instantText("r.decided_at")},
        'decisionReason', r.decision_reason, 'completedAt', ${instantText("r.completed_at")}, 'completionNote', r.completion_note,
        'effect', r.effect, 'applied', r.applied)
        ORDER BY r.seq)
      FROM violation_response r JOIN app_user pu ON pu.id = r.proposed_by LEFT JOIN app_user du ON du.id = r.decided_by
      WHERE r.violation_id = v.id), '[]'::json)) AS violation
  FROM violation v LEFT JOIN app_user ru ON ru.id = v.recorded_by`;

export async function findViolation(db: Queryable, id: string): Promise<ViolationReadRow | undefined> {
  const [row] = await db.query<{ violation: ViolationReadRow }>(`${violationSelect} WHERE v.id = $1`, [id]);
  return row?.violation;
}

/** The case's violations, newest first; those merged into another are part of it and left out. */
export async function listViolationsOfCase(db: Queryable, caseId: string): Promise<ViolationReadRow[]> {
  const rows = await db.query<{ violation: ViolationReadRow }>(
    `${violationSelect} WHERE v.case_id = $1 AND v.merged_into IS NULL ORDER BY v.occurred_at DESC, v.id LIMIT 200`,
    [caseId],
  );
  return rows.map((row) => row.violation);
}

export async function findResponseViolationId(db: Queryable, responseId: string): Promise<string | undefined> {
  const [row] = await db.query<{ violation_id: string }>("SELECT violation_id FROM violation_response WHERE id = $1", [responseId]);
  return row?.violation_id;
}

/** What a response in effect did (the level change, the condition version, the letter). */
export async function setResponseApplied(db: Queryable, id: string, applied: ResponseApplied, now: Date): Promise<void> {
  await db.query("UPDATE violation_response SET applied = $2, applied_at = $3 WHERE id = $1", [id, JSON.stringify(applied), now]);
}

/** The violation an event's evidence belongs to (the consumer made it, or an enforcement decision made it at once). */
export async function findViolationOfEvent(db: Queryable, eventId: string): Promise<string | undefined> {
  const [row] = await db.query<{ violation_id: string }>("SELECT violation_id FROM violation_evidence WHERE event_id = $1", [eventId]);
  return row?.violation_id;
}

// ─── Warning letters ───────────────────────────────────────────────────────────────────────────────────────────────

export async function insertWarningLetter(
  db: Queryable,
  input: {
    caseId: string;
    responseId: string;
    personName: string;
    violationType: ViolationType;
    violationOccurredAt: Date | string;
    response: ResponseKind;
    letterDate: string;
    officerName: string;
    agencyName: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO warning_letter (case_id, response_id, person_name, violation_type, violation_occurred_at, response, letter_date,
                                 officer_name, agency_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      input.caseId,
      input.responseId,
      input.personName.slice(0, 300),
      input.violationType,
      input.violationOccurredAt,
      input.response,
      input.letterDate,
      input.officerName.slice(0, 300),
      input.agencyName.slice(0, 300),
      input.now,
    ],
  );
  return row!.id;
}

export async function findWarningLetter(db: Queryable, id: string): Promise<WarningLetter | undefined> {
  const [row] = await db.query<{ letter: WarningLetter }>(
    `SELECT json_build_object('id', l.id, 'caseId', l.case_id, 'personId', c.person_id, 'personName', l.person_name,
        'violationType', l.violation_type, 'violationOccurredAt', ${instantText("l.violation_occurred_at")}, 'response', l.response,
        'letterDate', to_char(l.letter_date, 'YYYY-MM-DD'), 'officerName', l.officer_name, 'agencyName', l.agency_name,
        'timeZone', a.time_zone) AS letter
       FROM warning_letter l JOIN supervision_case c ON c.id = l.case_id JOIN agency a ON a.id = c.agency_id WHERE l.id = $1`,
    [id],
  );
  return row?.letter;
}

export async function findAgencyName(db: Queryable, agencyId: string): Promise<string> {
  const [row] = await db.query<{ name: string }>("SELECT name FROM agency WHERE id = $1", [agencyId]);
  return row!.name;
}

// ─── Enforcement decisions and escalation clocks ───────────────────────────────────────────────────────────────────

export async function insertEnforcementDecision(
  db: Queryable,
  input: {
    caseId: string;
    contactId: string;
    appointmentId: string | null;
    decision: EnforcementDecisionKind;
    reason: string | null;
    violationId: string;
    responseId: string | null;
    explanationDueOn: string | null;
    by: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO enforcement_decision (case_id, contact_id, appointment_id, decision, reason, violation_id, response_id,
                                       explanation_due_on, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      input.caseId,
      input.contactId,
      input.appointmentId,
      input.decision,
      input.reason,
      input.violationId,
      input.responseId,
      input.explanationDueOn,
      input.by,
      input.now,
    ],
  );
  return row!.id;
}

export async function listEnforcementDecisions(db: Queryable, caseId: string): Promise<EnforcementDecision[]> {
  const rows = await db.query<{ decision: EnforcementDecision }>(
    `SELECT json_build_object('id', d.id, 'decision', d.decision, 'reason', d.reason, 'violationId', d.violation_id,
        'responseId', d.response_id, 'contactId', d.contact_id, 'appointmentId', d.appointment_id,
        'explanationDueOn', to_char(d.explanation_due_on, 'YYYY-MM-DD'), 'decidedByName', u.display_name,
        'decidedAt', ${instantText("d.decided_at")}) AS decision
       FROM enforcement_decision d JOIN app_user u ON u.id = d.decided_by
      WHERE d.case_id = $1 ORDER BY d.decided_at DESC, d.id LIMIT 200`,
    [caseId],
  );
  return rows.map((row) => row.decision);
}

/** The case's other responses (not refused or cancelled) and when each was chosen: what the escalation clocks count. */
export async function countedResponsesOfCase(
  db: Queryable,
  caseId: string,
  exceptId: string,
): Promise<{ response: ResponseKind; proposed_at: Date }[]> {
  return db.query<{ response: ResponseKind; proposed_at: Date }>(
    `SELECT response, proposed_at FROM violation_response
      WHERE case_id = $1 AND id <> $2 AND status NOT IN ('refused', 'cancelled') ORDER BY proposed_at`,
    [caseId, exceptId],
  );
}

/** The enforcement decisions on a violation that waited for the person's explanation. */
export async function pendingExplanationDecisionsOf(db: Queryable, violationId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM enforcement_decision WHERE violation_id = $1 AND decision = 'pending_explanation'",
    [violationId],
  );
  return rows.map((row) => row.id);
}
