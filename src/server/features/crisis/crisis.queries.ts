import type { CaseCrises, Crisis, CrisisContact, CrisisType, FollowUpDefault } from "../../../shared/contract/crisis";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

// ─── Settings: crisis contacts and follow-up defaults ──────────────────────────────────────────────────────────────

const contactSelect = `SELECT json_build_object('id', k.id, 'unitId', k.unit_id, 'unitName', u.name, 'name', k.name, 'service', k.service,
    'phone', k.phone, 'available24x7', k.available_24x7, 'hours', k.hours, 'active', k.active, 'version', k.version) AS contact
  FROM crisis_contact k LEFT JOIN unit u ON u.id = k.unit_id`;

/** Every crisis contact of the agency (the administrators' list): every area's first, then by area and name. */
export async function listContacts(db: Queryable, agencyId: string): Promise<CrisisContact[]> {
  const rows = await db.query<{ contact: CrisisContact }>(
    `${contactSelect} WHERE k.agency_id = $1 ORDER BY k.active DESC, u.name NULLS FIRST, k.name, k.id`,
    [agencyId],
  );
  return rows.map((row) => row.contact);
}

/** The active contacts offered for a case: its area's (unit's) and those of every area. */
export async function listContactsForUnit(db: Queryable, agencyId: string, unitId: string): Promise<CrisisContact[]> {
  const rows = await db.query<{ contact: CrisisContact }>(
    `${contactSelect} WHERE k.agency_id = $1 AND k.active AND (k.unit_id = $2 OR k.unit_id IS NULL)
      ORDER BY k.unit_id IS NULL, k.name, k.id`,
    [agencyId, unitId],
  );
  return rows.map((row) => row.contact);
}

export async function findContact(
  db: Queryable,
  id: string,
): Promise<
  { id: string; agency_id: string; unit_id: string | null; name: string; service: string; phone: string; active: boolean } | undefined
> {
  const [row] = await db.query<{
    id: string;
    agency_id: string;
    unit_id: string | null;
    name: string;
    service: string;
    phone: string;
    active: boolean;
  }>("SELECT id, agency_id, unit_id, name, service, phone, active FROM crisis_contact WHERE id = $1", [id]);
  return row;
}

export async function readContact(db: Queryable, id: string): Promise<CrisisContact> {
  const [row] = await db.query<{ contact: CrisisContact }>(`${contactSelect} WHERE k.id = $1`, [id]);
  return row!.contact;
}

export async function unitOfAgency(db: Queryable, agencyId: string, unitId: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM unit WHERE agency_id = $1 AND id = $2", [agencyId, unitId]);
  return rows.length === 1;
}

type ContactValues = { unitId: string | null; name: string; service: string; phone: string; available24x7: boolean; hours: string | null };

export async function insertContact(db: Queryable, input: ContactValues & { agencyId: string; by: string; now: Date }): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO crisis_contact (agency_id, unit_id, name, service, phone, available_24x7, hours, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING id`,
    [input.agencyId, input.unitId, input.name, input.service, input.phone, input.available24x7, input.hours, input.now, input.by],
  );
  return row!.id;
}

export async function updateContact(db: Queryable, id: string, input: ContactValues & { active: boolean }): Promise<void> {
  await db.query(
    `UPDATE crisis_contact SET unit_id = $2, name = $3, service = $4, phone = $5, available_24x7 = $6, hours = $7, active = $8
      WHERE id = $1`,
    [id, input.unitId, input.name, input.service, input.phone, input.available24x7, input.hours, input.active],
  );
}

export async function findFollowUpDefaults(db: Queryable, agencyId: string): Promise<FollowUpDefault[] | null> {
  const [row] = await db.query<{ defaults: FollowUpDefault[] | null }>(
    "SELECT crisis_follow_up_defaults AS defaults FROM agency WHERE id = $1",
    [agencyId],
  );
  return row?.defaults ?? null;
}

export async function saveFollowUpDefaults(db: Queryable, agencyId: string, defaults: FollowUpDefault[]): Promise<void> {
  await db.query("UPDATE agency SET crisis_follow_up_defaults = $2::jsonb WHERE id = $1", [agencyId, JSON.stringify(defaults)]);
}

// ─── Crises ────────────────────────────────────────────────────────────────────────────────────────────────────────

export type CaseFacts = { agency_id: string; unit_id: string; status: string; time_zone: string };

export async function findCaseFacts(db: Queryable, caseId: string): Promise<CaseFacts | undefined> {
  const [row] = await db.query<CaseFacts>(
    "SELECT c.agency_id, c.unit_id, c.status, a.time_zone FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1",
    [caseId],
  );
  return row;
}

/** The case's standing events of the kinds a crisis may name, since a time (the form's choice of trigger). */
export async function listLinkableEvents(
  db: Queryable,
  caseId: string,
  kinds: readonly string[],
  since: Date,
): Promise<CaseCrises["linkableEvents"]> {
  return db.query(
    `SELECT id, kind, ${instantText("occurred_at")} AS "occurredAt" FROM supervision_event
      WHERE case_id = $1 AND kind = ANY ($2::text[]) AND withdrawn_at IS NULL AND occurred_at >= $3
      ORDER BY occurred_at DESC LIMIT 20`,
    [caseId, kinds, since],
  );
}

export async function findEvent(
  db: Queryable,
  id: string,
): Promise<{ case_id: string; kind: string; withdrawn_at: Date | null } | undefined> {
  const [row] = await db.query<{ case_id: string; kind: string; withdrawn_at: Date | null }>(
    "SELECT case_id, kind, withdrawn_at FROM supervision_event WHERE id = $1",
    [id],
  );
  return row;
}

export async function insertCrisis(
  db: Queryable,
  input: {
    agencyId: string;
    caseId: string;
    type: CrisisType;
    occurredAt: string | Date;
    description: string;
    triggerEventId: string | null;
    trigger: { assessmentId: string; item: string; flag: string; detail: unknown } | null;
    recordedBy: string | null;
    by: string | null;
    now: Date;
  },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO crisis (agency_id, case_id, crisis_type, occurred_at, description, trigger_event_id, trigger_assessment_id,
                         trigger_item, trigger_flag, trigger_detail, recorded_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $12)
     ON CONFLICT (trigger_assessment_id, trigger_flag) WHERE trigger_assessment_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      input.agencyId,
      input.caseId,
      input.type,
      input.occurredAt,
      input.description,
      input.triggerEventId,
      input.trigger?.assessmentId ?? null,
      input.trigger?.item ?? null,
      input.trigger?.flag ?? null,
      input.trigger ? JSON.stringify(input.trigger.detail) : null,
      input.recordedBy,
      input.now,
      input.by,
    ],
  );
  return row?.id ?? null;
}

export async function insertChecklistEntry(
  db: Queryable,
  input: {
    crisisId: string;
    item: string;
    answer?: string | null;
    contactId?: string | null;
    name?: string | null;
    phone?: string | null;
    calledAt?: string | null;
    note?: string | null;
    by: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO crisis_checklist_entry (crisis_id, item, answer, crisis_contact_id, name, phone, called_at, note, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      input.crisisId,
      input.item,
      input.answer ?? null,
      input.contactId ?? null,
      input.name ?? null,
      input.phone ?? null,
      input.calledAt ?? null,
      input.note || null,
      input.by,
      input.now,
    ],
  );
}

export async function insertFollowUp(
  db: Queryable,
  input: { crisisId: string; what: string; dueOn: string; by: string | null; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO crisis_follow_up (crisis_id, what, due_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [input.crisisId, input.what, input.dueOn, input.by, input.now],
  );
  return row!.id;
}

export async function followUpIdsOf(db: Queryable, crisisId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>("SELECT id FROM crisis_follow_up WHERE crisis_id = $1", [crisisId]);
  return rows.map((row) => row.id);
}

export async function findCrisisCaseId(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ case_id: string }>("SELECT case_id FROM crisis WHERE id = $1", [id]);
  return row?.case_id;
}

export async function lockCrisis(
  db: Queryable,
  id: string,
): Promise<{ status: "open" | "closed"; trigger_assessment_id: string | null } | undefined> {
  const [row] = await db.query<{ status: "open" | "closed"; trigger_assessment_id: string | null }>(
    "SELECT status, trigger_assessment_id FROM crisis WHERE id = $1 FOR UPDATE",
    [id],
  );
  return row;
}

export async function closeCrisis(db: Queryable, id: string, input: { summary: string; by: string; now: Date }): Promise<void> {
  await db.query("UPDATE crisis SET status = 'closed', closing_summary = $2, closed_by = $3, closed_at = $4 WHERE id = $1", [
    id,
    input.summary,
    input.by,
    input.now,
  ]);
}

const crisisSelect = `SELECT json_build_object(
    'id', x.id, 'caseId', x.case_id, 'type', x.crisis_type, 'occurredAt', ${instantText("x.occurred_at")},
    'description', x.description, 'status', x.status, 'closingSummary', x.closing_summary,
    'closedAt', ${instantText("x.closed_at")}, 'closedByName', cu.display_name, 'recordedByName', ru.display_name,
    'createdAt', ${instantText("x.created_at")}, 'version', x.version,
    'trigger', CASE
      WHEN x.trigger_assessment_id IS NOT NULL THEN json_build_object('kind', 'assessment', 'assessmentId', x.trigger_assessment_id,
        'instrumentTitle', x.trigger_detail->>'instrumentTitle', 'itemPrompt', x.trigger_detail->>'itemPrompt',
        'flagLabel', x.trigger_detail->>'flagLabel', 'assessedAt', ${instantText("x.created_at")})
      WHEN x.trigger_event_id IS NOT NULL THEN (SELECT json_build_object('kind', 'event', 'eventId', e.id, 'eventKind', e.kind,
        'occurredAt', ${instantText("e.occurred_at")}, 'withdrawnAt', ${instantText("e.withdrawn_at")})
        FROM supervision_event e WHERE e.id = x.trigger_event_id)
      END,
    'checklist', coalesce((SELECT json_agg(json_build_object('id', k.id, 'item', k.item, 'answer', k.answer, 'contactId', k.crisis_contact_id,
        'name', k.name, 'phone', k.phone, 'calledAt', ${instantText("k.called_at")}, 'note', k.note, 'recordedByName', ku.display_name,
        'recordedAt', ${instantText("k.recorded_at")}) ORDER BY k.id)
      FROM crisis_checklist_entry k JOIN app_user ku ON ku.id = k.recorded_by WHERE k.crisis_id = x.id), '[]'::json),
    'followUps', coalesce((SELECT json_agg(json_build_object('id', f.id, 'what', f.what, 'dueOn', to_char(f.due_on, 'YYYY-MM-DD'),
        'taskId', t.id, 'taskStatus', t.status) ORDER BY f.seq)
      FROM crisis_follow_up f
      LEFT JOIN LATERAL (SELECT t.id, t.status FROM task t
                          WHERE t.source_type = 'crisis_follow_up' AND t.source_id = f.id AND t.kind = 'crisis_follow_up'
                          ORDER BY t.created_at DESC LIMIT 1) t ON true
      WHERE f.crisis_id = x.id), '[]'::json)) AS crisis
  FROM crisis x LEFT JOIN app_user ru ON ru.id = x.recorded_by LEFT JOIN app_user cu ON cu.id = x.closed_by`;

export async function findCrisis(db: Queryable, id: string): Promise<Crisis | undefined> {
  const [row] = await db.query<{ crisis: Crisis }>(`${crisisSelect} WHERE x.id = $1`, [id]);
  return row?.crisis;
}

/** The case's crises: open first, then the most recent. */
export async function listCrisesOfCase(db: Queryable, caseId: string): Promise<Crisis[]> {
  const rows = await db.query<{ crisis: Crisis }>(
    `${crisisSelect} WHERE x.case_id = $1 ORDER BY x.status = 'closed', x.occurred_at DESC, x.id LIMIT 100`,
    [caseId],
  );
  return rows.map((row) => row.crisis);
}
