import type { Contact } from "../../../shared/contract/contacts";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import {
  type CaseFacts,
  type ContactRequirement,
  type CurrentAddress,
  csosaPolicy,
  faceToFaceContactTypes,
  kindsOfContactType,
  type LevelSpan,
  lookbackStart,
  type StandardsPolicy,
} from "./contact-standards";

export type AgencyStandards = { policy: StandardsPolicy; timeZone: string; isDefault: boolean };

/** The agency's configured standards, or the CSOSA default while it has configured none (one round trip). */
export async function loadAgencyStandards(db: Queryable, agencyId: string): Promise<AgencyStandards> {
  const [agency] = await db.query<{
    time_zone: string;
    home_verification_days: number;
    due_soon_days: number;
    requirements: {
      supervision_level: ContactRequirement["level"];
      caseload_tag: string | null;
      kind: ContactRequirement["kind"];
      contact_count: number;
      period_months: 1 | 2 | 3;
    }[];
  }>(
    `SELECT a.time_zone, a.home_verification_days, a.due_soon_days,
            coalesce((SELECT json_agg(json_build_object('supervision_level', r.supervision_level, 'caseload_tag', r.caseload_tag, 'kind', r.kind,
                                                        'contact_count', r.contact_count, 'period_months', r.period_months)
                                      ORDER BY r.supervision_level, r.kind)
                        FROM contact_requirement r WHERE r.agency_id = a.id), '[]'::json) AS requirements
       FROM agency a WHERE a.id = $1`,
    [agencyId],
  );
  const requirements = agency!.requirements.map((row) => ({
    level: row.supervision_level,
    tag: row.caseload_tag,
    kind: row.kind,
    count: row.contact_count,
    periodMonths: row.period_months,
  }));
  return {
    timeZone: agency!.time_zone,
    isDefault: requirements.length === 0,
    policy: {
      requirements: requirements.length > 0 ? requirements : csosaPolicy.requirements,
      homeVerificationDays: agency!.home_verification_days,
      dueSoonDays: agency!.due_soon_days,
    },
  };
}

type CaseRow = {
  id: string;
  supervision_level: LevelSpan["level"];
  supervision_start: string;
  tags: string[];
  /** Recorded level changes, oldest first; null when there are none. */
  level_changes: LevelSpan[] | null;
  /** The current address (latest move-in without a move-out), when there is one. */
  moved_in: string | null;
  address_kind: CurrentAddress["kind"] | null;
  verified_on: string | null;
  /** No fixed address only: the day of the last completed face-to-face contact, if any. */
  last_seen: string | null;
};

/**
 * Everything the standards need about many cases in two queries: the cases with their level history, current
 * address (and, with no fixed address, when they were last seen), then monthly totals of completed contacts
 * since each case's lookback start (see lookbackStart).
 */
export async function loadCaseFacts(
  db: Queryable,
  caseIds: readonly string[],
  policy: StandardsPolicy,
  today: string,
  timeZone: string,
): Promise<Map<string, CaseFacts>> {
  const facts = new Map<string, CaseFacts>();
  if (caseIds.length === 0) return facts;
  const ids = [...caseIds];
  // One round trip: the level history and the address come per case through their (case) and (person) indexes;
  // the whereabouts check's last face-to-face contact is looked up only for the few with no fixed address.
  const cases = await db.query<CaseRow>(
    `SELECT c.id, c.supervision_level, to_char(c.supervision_start, 'YYYY-MM-DD') AS supervision_start, c.tags,
            (SELECT json_agg(json_build_object('level', ch.supervision_level, 'from', to_char(ch.effective_on, 'YYYY-MM-DD'))
                             ORDER BY ch.effective_on, ch.created_at)
               FROM case_level_change ch WHERE ch.case_id = c.id) AS level_changes,
            ad.moved_in, ad.kind AS address_kind, ad.verified_on,
            CASE WHEN ad.kind = 'transient' THEN
              (SELECT to_char(max(k.occurred_at AT TIME ZONE $2), 'YYYY-MM-DD') FROM contact k
                WHERE k.case_id = c.id AND k.outcome = 'completed' AND k.contact_type = ANY ($3::text[])) END AS last_seen
       FROM supervision_case c
       LEFT JOIN LATERAL (
         SELECT to_char(a.moved_in, 'YYYY-MM-DD') AS moved_in, a.kind,
                CASE WHEN a.verification_status = 'verified' THEN to_char(a.verified_on, 'YYYY-MM-DD') END AS verified_on
           FROM person_address a WHERE a.person_id = c.person_id AND a.moved_out IS NULL
          ORDER BY a.moved_in DESC, a.created_at DESC LIMIT 1) ad ON true
      WHERE c.id = ANY ($1::uuid[])`,
    [ids, timeZone, faceToFaceContactTypes],
  );
  const lookback: { caseIds: string[]; since: Date[] } = { caseIds: [], since: [] };
  for (const row of cases) {
    const address = row.moved_in === null ? undefined : { movedIn: row.moved_in, verifiedOn: row.verified_on, kind: row.address_kind! };
    const caseFacts: CaseFacts = {
      // Cases without a recorded change have had their current level since supervision started.
      levels: row.level_changes ?? [{ level: row.supervision_level, from: row.supervision_start }],
      tags: row.tags,
      contacts: [],
      currentAddress: currentAddressOf(address, row.last_seen ?? undefined),
    };
    facts.set(row.id, caseFacts);
    const start = lookbackStart(policy, caseFacts, today);
    if (!start) continue;
    // One day before the local period start covers every time zone's offset from UTC; earlier months are ignored.
    const since = new Date(`${start}T00:00:00Z`);
    since.setUTCDate(since.getUTCDate() - 1);
    lookback.caseIds.push(row.id);
    lookback.since.push(since);
  }
  // Monthly totals per contact type, counted in the database: a case's months, not its contacts, cross the wire;
  // each type then counts for every requirement kind it belongs to (kindsOfContactType).
  // Per case through the covering (case, time) index: the planner would otherwise scan every contact of the agency.
  const contacts = await db.query<{ case_id: string; month: string; contact_type: string; contacts: number }>(
    // The month is formatted once per group, not once per contact.
    `SELECT ids.case_id, to_char(k.month, 'YYYY-MM-DD') AS month, k.contact_type, k.contacts
       FROM unnest($1::uuid[], $2::timestamptz[]) AS ids(case_id, since)
       CROSS JOIN LATERAL (SELECT date_trunc('month', occurred_at AT TIME ZONE $3) AS month, contact_type, count(*)::int AS contacts
                             FROM contact
                            WHERE contact.case_id = ids.case_id AND contact.occurred_at >= ids.since AND contact.outcome = 'completed'
                            GROUP BY 1, 2) k`,
    [lookback.caseIds, lookback.since, timeZone],
  );
  for (const month of contacts) {
    const kinds = kindsOfContactType(month.contact_type);
    if (kinds.length > 0) facts.get(month.case_id)?.contacts.push({ date: month.month, kind: kinds, count: month.contacts });
  }
  return facts;
}

const contactSelect = `SELECT json_build_object('id', k.id, 'caseId', k.case_id, 'contactType', k.contact_type, 'occurredAt', ${instantText("k.occurred_at")},
    'location', k.location, 'peoplePresent', k.people_present, 'outcome', k.outcome,
    'officer', json_build_object('id', u.id, 'displayName', u.display_name), 'noteId', k.note_id, 'verifiedAddressId', k.verified_address_id) AS contact
  FROM contact k JOIN app_user u ON u.id = k.officer_id`;

export async function findContact(db: Queryable, id: string): Promise<Contact | undefined> {
  return (await db.query<{ contact: Contact }>(`${contactSelect} WHERE k.id = $1`, [id]))[0]?.contact;
}

/** The case's latest 200 contacts, newest first. */
export async function listContactsOfCase(db: Queryable, caseId: string): Promise<Contact[]> {
  const rows = await db.query<{ contact: Contact }>(`${contactSelect} WHERE k.case_id = $1 ORDER BY k.occurred_at DESC LIMIT 200`, [
    caseId,
  ]);
  return rows.map((row) => row.contact);
}

/** The draft note a contact's narrative starts. */
export async function insertContactNote(
  db: Queryable,
  input: { caseId: string; noteType: string; occurredAt: string; authorId: string; narrative: string; now: Date },
): Promise<string> {
  const [note] = await db.query<{ id: string }>(
    "INSERT INTO case_note (case_id, note_type, occurred_at, author_id, narrative, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    [input.caseId, input.noteType, input.occurredAt, input.authorId, input.narrative, input.now],
  );
  return note!.id;
}

/**
 * Verifies the person's current address on the day, unless it is verified already; answers the address verified.
 * A transient person's last known location is not a home: a visit there verifies nothing.
 */
export async function verifyCurrentAddress(db: Queryable, personId: string, verifiedOn: string): Promise<string | undefined> {
  const [address] = await db.query<{ id: string }>(
    `UPDATE person_address SET verification_status = 'verified', verified_on = $2, version = version + 1
      WHERE id = (SELECT id FROM person_address WHERE person_id = $1 AND moved_out IS NULL ORDER BY moved_in DESC, created_at DESC LIMIT 1)
        AND verification_status <> 'verified' AND kind <> 'transient' RETURNING id`,
    [personId, verifiedOn],
  );
  return address?.id;
}

export async function insertContact(
  db: Queryable,
  input: {
    caseId: string;
    contactType: string;
    occurredAt: string;
    location: string | null;
    peoplePresent: string | null;
    outcome: string;
    officerId: string;
    noteId: string | null;
    verifiedAddressId: string | null;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO contact (case_id, contact_type, occurred_at, location, people_present, outcome, officer_id, note_id, verified_address_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      input.caseId,
      input.contactType,
      input.occurredAt,
      input.location,
      input.peoplePresent,
      input.outcome,
      input.officerId,
      input.noteId,
      input.verifiedAddressId,
      input.now,
    ],
  );
  return row!.id;
}

/**
 * Closes the case's scheduled appointment with the contact that fulfils it; answers false when the appointment
 * is not a scheduled appointment of the case.
 */
export async function fulfilAppointment(
  db: Queryable,
  input: { appointmentId: string; caseId: string; contactId: string; status: string; now: Date },
): Promise<boolean> {
  const updated = await db.query(
    "UPDATE appointment SET status = $5, contact_id = $3, updated_at = $4 WHERE id = $1 AND case_id = $2 AND status = 'scheduled' RETURNING 1",
    [input.appointmentId, input.caseId, input.contactId, input.now, input.status],
  );
  return updated.length > 0;
}

/** Replaces the agency's contact standards as a whole, with its time zone and day counts. */
export async function replaceAgencyStandards(
  db: Queryable,
  agencyId: string,
  input: {
    timeZone: string;
    homeVerificationDays: number;
    dueSoonDays: number;
    requirements: { supervisionLevel: string; caseloadTag: string | null; kind: string; count: number; periodMonths: number }[];
  },
): Promise<void> {
  await db.query("DELETE FROM contact_requirement WHERE agency_id = $1", [agencyId]);
  for (const rule of input.requirements) {
    await db.query(
      "INSERT INTO contact_requirement (agency_id, supervision_level, caseload_tag, kind, contact_count, period_months) VALUES ($1, $2, $3, $4, $5, $6)",
      [agencyId, rule.supervisionLevel, rule.caseloadTag, rule.kind, rule.count, rule.periodMonths],
    );
  }
  await db.query("UPDATE agency SET time_zone = $2, home_verification_days = $3, due_soon_days = $4 WHERE id = $1", [
    agencyId,
    input.timeZone,
    input.homeVerificationDays,
    input.dueSoonDays,
  ]);
}

function currentAddressOf(address: CurrentAddress | undefined, lastSeen: string | undefined): CurrentAddress | null {
  if (!address) return null;
  return address.kind === "transient" ? { ...address, lastSeen: lastSeen ?? null } : address;
}
