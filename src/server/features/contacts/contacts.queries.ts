import type { Queryable } from "../../platform/db/database";
import {
  type CaseFacts,
  type ContactRequirement,
  type CurrentAddress,
  csosaPolicy,
  faceToFaceContactTypes,
  fieldContactTypes,
  type LevelSpan,
  lookbackStart,
  type StandardsPolicy,
} from "./contact-standards";

export type AgencyStandards = { policy: StandardsPolicy; timeZone: string; isDefault: boolean };

/** The agency's configured standards, or the CSOSA default while it has configured none. */
export async function loadAgencyStandards(db: Queryable, agencyId: string): Promise<AgencyStandards> {
  const [agency] = await db.query<{ time_zone: string; home_verification_days: number; due_soon_days: number }>(
    "SELECT time_zone, home_verification_days, due_soon_days FROM agency WHERE id = $1",
    [agencyId],
  );
  const rows = await db.query<{
    supervision_level: ContactRequirement["level"];
    caseload_tag: string | null;
    kind: ContactRequirement["kind"];
    contact_count: number;
    period_months: 1 | 2 | 3;
  }>(
    "SELECT supervision_level, caseload_tag, kind, contact_count, period_months FROM contact_requirement WHERE agency_id = $1 ORDER BY supervision_level, kind",
    [agencyId],
  );
  const requirements = rows.map((row) => ({
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

type CaseRow = { id: string; supervision_level: LevelSpan["level"]; supervision_start: string; tags: string[]; person_id: string };

/**
 * Everything the standards need about many cases in four queries: level history, the current address, and
 * monthly totals of completed contacts since each case's lookback start (see lookbackStart).
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
  const cases = await db.query<CaseRow>(
    "SELECT id, supervision_level, to_char(supervision_start, 'YYYY-MM-DD') AS supervision_start, tags, person_id FROM supervision_case WHERE id = ANY ($1::uuid[])",
    [ids],
  );
  const changes = await db.query<{ case_id: string; supervision_level: LevelSpan["level"]; effective_on: string }>(
    "SELECT case_id, supervision_level, to_char(effective_on, 'YYYY-MM-DD') AS effective_on FROM case_level_change WHERE case_id = ANY ($1::uuid[]) ORDER BY effective_on, created_at",
    [ids],
  );
  const addresses = await db.query<{ person_id: string; moved_in: string; verified_on: string | null; kind: CurrentAddress["kind"] }>(
    `SELECT DISTINCT ON (person_id) person_id, to_char(moved_in, 'YYYY-MM-DD') AS moved_in, kind,
            CASE WHEN verification_status = 'verified' THEN to_char(verified_on, 'YYYY-MM-DD') END AS verified_on
       FROM person_address WHERE person_id = ANY ($1::uuid[]) AND moved_out IS NULL ORDER BY person_id, moved_in DESC, created_at DESC`,
    [cases.map((row) => row.person_id)],
  );
  const addressByPerson = new Map(
    addresses.map((row) => [row.person_id, { movedIn: row.moved_in, verifiedOn: row.verified_on, kind: row.kind }]),
  );
  // No fixed address: the whereabouts check needs the last face-to-face contact, asked for those few cases only.
  const transientCases = cases.filter((row) => addressByPerson.get(row.person_id)?.kind === "transient").map((row) => row.id);
  const lastSeen = new Map<string, string>();
  if (transientCases.length > 0) {
    const seen = await db.query<{ case_id: string; last_seen: string }>(
      `SELECT case_id, to_char(max(occurred_at AT TIME ZONE $2), 'YYYY-MM-DD') AS last_seen FROM contact
        WHERE case_id = ANY ($1::uuid[]) AND outcome = 'completed' AND contact_type = ANY ($3::text[]) GROUP BY case_id`,
      [transientCases, timeZone, faceToFaceContactTypes],
    );
    for (const row of seen) lastSeen.set(row.case_id, row.last_seen);
  }
  const levelsByCase = new Map<string, LevelSpan[]>();
  for (const change of changes) {
    const spans = levelsByCase.get(change.case_id) ?? [];
    spans.push({ level: change.supervision_level, from: change.effective_on });
    levelsByCase.set(change.case_id, spans);
  }
  const lookback: { caseIds: string[]; since: Date[] } = { caseIds: [], since: [] };
  for (const row of cases) {
    const levels = levelsByCase.get(row.id) ?? [];
    const caseFacts: CaseFacts = {
      // Cases without a recorded change have had their current level since supervision started.
      levels: levels.length > 0 ? levels : [{ level: row.supervision_level, from: row.supervision_start }],
      tags: row.tags,
      contacts: [],
      currentAddress: currentAddressOf(addressByPerson.get(row.person_id), lastSeen.get(row.id)),
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
  // Monthly totals per kind, counted in the database: a case's months, not its contacts, cross the wire.
  // Per case through the covering (case, time) index: the planner would otherwise scan every contact of the agency.
  const contacts = await db.query<{ case_id: string; month: string; face_to_face: number; field: number }>(
    // The month is formatted once per group, not once per contact.
    `SELECT ids.case_id, to_char(k.month, 'YYYY-MM-DD') AS month, k.face_to_face, k.field
       FROM unnest($1::uuid[], $2::timestamptz[]) AS ids(case_id, since)
       CROSS JOIN LATERAL (SELECT date_trunc('month', occurred_at AT TIME ZONE $3) AS month,
                                  count(*) FILTER (WHERE contact_type = ANY ($4::text[]))::int AS face_to_face,
                                  count(*) FILTER (WHERE contact_type = ANY ($5::text[]))::int AS field
                             FROM contact
                            WHERE contact.case_id = ids.case_id AND contact.occurred_at >= ids.since AND contact.outcome = 'completed'
                            GROUP BY 1) k`,
    [lookback.caseIds, lookback.since, timeZone, faceToFaceContactTypes, fieldContactTypes],
  );
  for (const month of contacts) {
    const caseContacts = facts.get(month.case_id)?.contacts;
    if (month.face_to_face > 0) caseContacts?.push({ date: month.month, kind: ["face_to_face"], count: month.face_to_face });
    if (month.field > 0) caseContacts?.push({ date: month.month, kind: ["field"], count: month.field });
  }
  return facts;
}

function currentAddressOf(address: CurrentAddress | undefined, lastSeen: string | undefined): CurrentAddress | null {
  if (!address) return null;
  return address.kind === "transient" ? { ...address, lastSeen: lastSeen ?? null } : address;
}
