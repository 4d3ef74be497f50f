import type { z } from "zod";
import type { colleague, fieldVisit } from "../../../shared/contract/field-safety";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type FieldVisit = z.infer<typeof fieldVisit>;
export type Colleague = z.infer<typeof colleague>;

const visitSelect = `SELECT json_build_object('id', v.id, 'officer', json_build_object('id', o.id, 'displayName', o.display_name, 'phone', o.phone),
    'caseId', v.case_id, 'location', v.location, 'latitude', v.latitude, 'longitude', v.longitude,
    'startedAt', ${instantText("v.started_at")}, 'expectedEndAt', ${instantText("v.expected_end_at")}, 'checkedOutAt', ${instantText("v.checked_out_at")},
    'secondOfficer', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'displayName', s.display_name) END,
    'soloOverrideReason', v.solo_override_reason, 'escalationLevel', v.escalation_level, 'lastEscalatedAt', ${instantText("v.last_escalated_at")},
    'acknowledgedAt', ${instantText("v.acknowledged_at")}) AS visit
  FROM field_visit v JOIN app_user o ON o.id = v.officer_id LEFT JOIN app_user s ON s.id = v.second_officer_id`;

export async function findVisit(db: Queryable, id: string): Promise<FieldVisit | undefined> {
  const [row] = await db.query<{ visit: FieldVisit }>(`${visitSelect} WHERE v.id = $1`, [id]);
  return row?.visit;
}

/**
 * Open visits of the agency that the user follows, soonest expected back first: their own; their unit's, for a
 * supervisor; all of them, for the agency's duty contact.
 */
export async function listOpenVisitsFollowedBy(
  db: Queryable,
  user: { agencyId: string; userId: string; isSupervisor: boolean; unitId: string | null },
): Promise<FieldVisit[]> {
  const rows = await db.query<{ visit: FieldVisit }>(
    `${visitSelect} WHERE v.checked_out_at IS NULL AND v.agency_id = $1
       AND (v.officer_id = $2 OR ($3 AND o.unit_id = $4) OR EXISTS (SELECT 1 FROM agency a WHERE a.id = v.agency_id AND a.duty_contact_user_id = $2))
     ORDER BY v.expected_end_at`,
    [user.agencyId, user.userId, user.isSupervisor, user.unitId],
  );
  return rows.map((row) => row.visit);
}

export type SafetyFlagsRow = { high_risk: boolean; caution: string | null };

/** The case's high-risk flag (tag or very high risk level) and an active violence or weapons caution of its person. */
export async function findCaseSafetyFlags(db: Queryable, caseId: string): Promise<SafetyFlagsRow | undefined> {
  const [row] = await db.query<SafetyFlagsRow>(
    `SELECT ('high_risk' = ANY (c.tags) OR c.risk_level = 'very_high') AS high_risk,
            (SELECT s.kind FROM safety_caution s WHERE s.person_id = c.person_id AND s.active AND s.kind IN ('violence', 'weapons') LIMIT 1) AS caution
       FROM supervision_case c WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

export async function findUserStatus(db: Queryable, userId: string): Promise<{ agency_id: string; disabled_at: Date | null } | undefined> {
  const [user] = await db.query<{ agency_id: string; disabled_at: Date | null }>(
    "SELECT agency_id, disabled_at FROM app_user WHERE id = $1",
    [userId],
  );
  return user;
}

export async function hasOpenVisit(db: Queryable, officerId: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM field_visit WHERE officer_id = $1 AND checked_out_at IS NULL", [officerId])).length > 0;
}

export async function insertVisit(
  db: Queryable,
  input: {
    agencyId: string;
    officerId: string;
    caseId: string | null;
    location: string;
    latitude: number | null;
    longitude: number | null;
    startedAt: Date;
    expectedEndAt: Date;
    secondOfficerId: string | null;
    soloOverrideReason: string | null;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO field_visit (agency_id, officer_id, case_id, location, latitude, longitude, started_at, expected_end_at, second_officer_id, solo_override_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      input.agencyId,
      input.officerId,
      input.caseId,
      input.location,
      input.latitude,
      input.longitude,
      input.startedAt,
      input.expectedEndAt,
      input.secondOfficerId,
      input.soloOverrideReason,
    ],
  );
  return row!.id;
}

/** The officer's open visit, locked for checking out. */
export async function lockOpenVisitOf(db: Queryable, officerId: string): Promise<string | undefined> {
  const [open] = await db.query<{ id: string }>("SELECT id FROM field_visit WHERE officer_id = $1 AND checked_out_at IS NULL FOR UPDATE", [
    officerId,
  ]);
  return open?.id;
}

export async function checkOutVisit(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query("UPDATE field_visit SET checked_out_at = $2 WHERE id = $1", [id, now]);
}

/** The agency's other active officers and supervisors, own unit first, by name. */
export async function listColleagues(db: Queryable, agencyId: string, userId: string, unitId: string | null): Promise<Colleague[]> {
  return db.query<Colleague>(
    `SELECT u.id, u.display_name AS "displayName", un.name AS "unitName", (u.unit_id IS NOT DISTINCT FROM $3::uuid) AS "sameUnit"
       FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id
      WHERE u.agency_id = $1 AND u.id <> $2 AND u.disabled_at IS NULL AND u.roles && ARRAY['officer', 'supervisor']
      ORDER BY (u.unit_id IS NOT DISTINCT FROM $3::uuid) DESC, u.display_name`,
    [agencyId, userId, unitId],
  );
}

export type VisitResponsibilityRow = {
  agency_id: string;
  unit_id: string | null;
  duty_contact_user_id: string | null;
  acknowledged_at: Date | null;
};

/** Who answers for the visit's officer (their unit, the duty contact), with the visit locked for acknowledging. */
export async function lockVisitForAcknowledgement(db: Queryable, visitId: string): Promise<VisitResponsibilityRow | undefined> {
  const [visit] = await db.query<VisitResponsibilityRow>(
    `SELECT v.agency_id, o.unit_id, a.duty_contact_user_id, v.acknowledged_at
       FROM field_visit v JOIN app_user o ON o.id = v.officer_id JOIN agency a ON a.id = v.agency_id WHERE v.id = $1 FOR UPDATE OF v`,
    [visitId],
  );
  return visit;
}

export async function acknowledgeVisit(db: Queryable, visitId: string, userId: string, now: Date): Promise<void> {
  await db.query("UPDATE field_visit SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1", [visitId, userId, now]);
}

export type OverdueVisitRow = {
  id: string;
  agency_id: string;
  officer_id: string;
  officer_name: string;
  officer_phone: string | null;
  unit_id: string | null;
  location: string;
  escalation_level: number;
  duty_contact_user_id: string | null;
};

/**
 * Open, unacknowledged visits past their expected end and not escalated within the agency's escalation minutes,
 * locked; SKIP LOCKED leaves those another instance is escalating.
 */
export async function findOpenFieldVisitsPastDue(db: Queryable, now: Date): Promise<OverdueVisitRow[]> {
  return db.query<OverdueVisitRow>(
    `SELECT v.id, v.agency_id, v.officer_id, o.display_name AS officer_name, o.phone AS officer_phone, o.unit_id, v.location, v.escalation_level, a.duty_contact_user_id
       FROM field_visit v JOIN agency a ON a.id = v.agency_id JOIN app_user o ON o.id = v.officer_id
      WHERE v.checked_out_at IS NULL AND v.acknowledged_at IS NULL AND v.expected_end_at < $1
        AND (v.last_escalated_at IS NULL OR v.last_escalated_at <= $1::timestamptz - make_interval(mins => a.field_escalation_minutes))
      ORDER BY v.expected_end_at
      FOR UPDATE OF v SKIP LOCKED`,
    [now],
  );
}

/**
 * Who an escalation at `level` tells: level 1, the officer, their unit's supervisors and the duty contact; from
 * level 2, every supervisor of the agency and the duty contact.
 */
export async function listEscalationRecipients(db: Queryable, visit: OverdueVisitRow, level: number): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(
    `SELECT id FROM app_user WHERE agency_id = $1 AND disabled_at IS NULL AND 'supervisor' = ANY (roles) AND ($2 >= 2 OR unit_id = $3)
     UNION SELECT $4::uuid WHERE $4::uuid IS NOT NULL
     UNION SELECT $5::uuid WHERE $2 = 1`,
    [visit.agency_id, level, visit.unit_id, visit.duty_contact_user_id, visit.officer_id],
  );
}

export async function recordEscalation(db: Queryable, visitId: string, level: number, now: Date): Promise<void> {
  await db.query("UPDATE field_visit SET escalation_level = $2, last_escalated_at = $3 WHERE id = $1", [visitId, level, now]);
}
