import type { z } from "zod";
import type { intakeBody, personUpdateBody } from "../../../shared/contract/people";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

type Intake = z.infer<typeof intakeBody>;

export type IdentifierClash = { field: string; message: string };

/** Which of the new record's identifiers already exist in the agency. */
export async function findIdentifierClashes(db: Queryable, agencyId: string, intake: Intake): Promise<IdentifierClash[]> {
  const { person, case: supervision } = intake;
  const rows = await db.query<{ field: string }>(
    `SELECT 'person.agencyPersonNumber' AS field FROM person WHERE agency_id = $1 AND agency_person_number = $2
     UNION ALL SELECT 'person.stateId' FROM person WHERE agency_id = $1 AND state_id = $3
     UNION ALL SELECT 'person.fbiNumber' FROM person WHERE agency_id = $1 AND fbi_number = $4
     UNION ALL SELECT 'case.caseNumber' FROM supervision_case WHERE agency_id = $1 AND case_number = $5`,
    [agencyId, person.agencyPersonNumber, person.stateId ?? null, person.fbiNumber ?? null, supervision.caseNumber],
  );
  return rows.map((row) => ({ field: row.field, message: "already used by another record in this agency" }));
}

/** Which of a person's corrected identifiers another person of the agency already has. */
export async function findIdentifierClashesOfPerson(
  db: Queryable,
  agencyId: string,
  personId: string,
  identifiers: { agencyPersonNumber: string; stateId?: string | null; fbiNumber?: string | null },
): Promise<IdentifierClash[]> {
  const rows = await db.query<{ field: string }>(
    `SELECT 'agencyPersonNumber' AS field FROM person WHERE agency_id = $1 AND id <> $2 AND agency_person_number = $3
     UNION ALL SELECT 'stateId' FROM person WHERE agency_id = $1 AND id <> $2 AND state_id = $4
     UNION ALL SELECT 'fbiNumber' FROM person WHERE agency_id = $1 AND id <> $2 AND fbi_number = $5`,
    [agencyId, personId, identifiers.agencyPersonNumber, identifiers.stateId ?? null, identifiers.fbiNumber ?? null],
  );
  return rows.map((row) => ({ field: row.field, message: "already used by another person in this agency" }));
}

/** The person's agency and own fields as they stand, for a correction (which fields changed, for the audit row). */
export async function findPersonFields(db: Queryable, personId: string) {
  const [row] = await db.query<{
    agency_id: string;
    firstName: string;
    middleName: string | null;
    lastName: string;
    dateOfBirth: string;
    sex: string | null;
    agencyPersonNumber: string;
    stateId: string | null;
    fbiNumber: string | null;
    phone: string | null;
    email: string | null;
    languages: string[];
  }>(
    `SELECT agency_id, first_name AS "firstName", middle_name AS "middleName", last_name AS "lastName",
            to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", sex, agency_person_number AS "agencyPersonNumber",
            state_id AS "stateId", fbi_number AS "fbiNumber", phone, email, languages
       FROM person WHERE id = $1`,
    [personId],
  );
  return row;
}

export type PersonFields = Omit<z.infer<typeof personUpdateBody>, "expectedVersion" | "languages"> & { languages: string[] };

/** Writes the person's own fields (the version was claimed before, platform/db/versioned.ts). */
export async function updatePerson(db: Queryable, personId: string, fields: PersonFields): Promise<void> {
  await db.query(
    `UPDATE person SET first_name = $2, middle_name = $3, last_name = $4, date_of_birth = $5, sex = $6, agency_person_number = $7,
            state_id = $8, fbi_number = $9, phone = $10, email = $11, languages = $12
      WHERE id = $1`,
    [
      personId,
      fields.firstName,
      fields.middleName ?? null,
      fields.lastName,
      fields.dateOfBirth,
      fields.sex ?? null,
      fields.agencyPersonNumber,
      fields.stateId ?? null,
      fields.fbiNumber ?? null,
      fields.phone ?? null,
      fields.email ?? null,
      fields.languages,
    ],
  );
}

export async function insertPerson(db: Queryable, agencyId: string, person: Intake["person"]): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO person (agency_id, agency_person_number, state_id, fbi_number, first_name, middle_name, last_name, date_of_birth, sex, phone, email, languages)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      agencyId,
      person.agencyPersonNumber,
      person.stateId ?? null,
      person.fbiNumber ?? null,
      person.firstName,
      person.middleName ?? null,
      person.lastName,
      person.dateOfBirth,
      person.sex ?? null,
      person.phone ?? null,
      person.email ?? null,
      person.languages ?? ["English"],
    ],
  );
  return rows[0]!.id;
}

export async function insertCase(
  db: Queryable,
  input: {
    agencyId: string;
    personId: string;
    unitId: string;
    officerId: string;
    assignedBy: string;
    now: Date;
    supervision: Intake["case"];
  },
): Promise<string> {
  const { supervision } = input;
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO supervision_case (agency_id, person_id, case_number, supervision_type, population, authority_name, docket_number,
       supervision_start, expected_end, supervision_level, risk_level, tags, unit_id, officer_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      input.agencyId,
      input.personId,
      supervision.caseNumber,
      supervision.supervisionType,
      supervision.population,
      supervision.authorityName,
      supervision.docketNumber ?? null,
      supervision.supervisionStart,
      supervision.expectedEnd ?? null,
      supervision.supervisionLevel,
      supervision.riskLevel ?? null,
      supervision.tags,
      input.unitId,
      input.officerId,
    ],
  );
  const caseId = row!.id;
  for (const offense of supervision.offenses) {
    await db.query("INSERT INTO case_offense (case_id, description, statute, severity, convicted_on) VALUES ($1, $2, $3, $4, $5)", [
      caseId,
      offense.description,
      offense.statute ?? null,
      offense.severity,
      offense.convictedOn ?? null,
    ]);
  }
  await db.query(
    "INSERT INTO case_assignment (case_id, officer_id, unit_id, started_at, reason, assigned_by) VALUES ($1, $2, $3, $4, 'Intake', $5)",
    [caseId, input.officerId, input.unitId, input.now, input.assignedBy],
  );
  await db.query(
    "INSERT INTO case_level_change (case_id, supervision_level, effective_on, changed_by, cause) VALUES ($1, $2, $3, $4, 'intake')",
    [caseId, supervision.supervisionLevel, supervision.supervisionStart, input.assignedBy],
  );
  // Every case carries the agency's standard conditions from its first day, ordered by its authority.
  await db.query(
    `INSERT INTO case_condition (case_id, condition_type_id, effective_from, ordered_by, created_by)
     SELECT $1, ct.id, $2, $3, $4 FROM condition_type ct WHERE ct.agency_id = $5 AND ct.is_standard`,
    [caseId, supervision.supervisionStart, supervision.authorityName, input.assignedBy, input.agencyId],
  );
  return caseId;
}

const dateText = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** The whole record of a person as JSON, assembled by the database in one round trip. */
export async function loadPersonRecord(db: Queryable, personId: string): Promise<unknown> {
  const rows = await db.query<{ record: unknown }>(
    `SELECT json_build_object(
      'person', json_build_object(
        'id', p.id, 'name', json_build_object('first', p.first_name, 'middle', p.middle_name, 'last', p.last_name),
        'agencyPersonNumber', p.agency_person_number, 'stateId', p.state_id, 'fbiNumber', p.fbi_number,
        'dateOfBirth', ${dateText("p.date_of_birth")}, 'hasPhoto', p.photo_jpeg IS NOT NULL, 'sex', p.sex, 'phone', p.phone,
        'email', p.email, 'languages', p.languages, 'version', p.version,
        'aliases', coalesce((SELECT json_agg(json_build_object('id', a.id, 'fullName', a.full_name, 'kind', a.kind)) FROM person_alias a WHERE a.person_id = p.id AND a.removed_at IS NULL), '[]'::json)),
      'cautions', coalesce((SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'description', s.description, 'createdAt', ${instantText("s.created_at")}, 'version', s.version) ORDER BY s.created_at DESC)
        FROM safety_caution s WHERE s.person_id = p.id AND s.active), '[]'::json),
      'retiredCautions', coalesce((SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'description', s.description, 'createdAt', ${instantText("s.created_at")},
          'retiredAt', ${instantText("s.retired_at")}, 'retiredBy', ru.display_name, 'retiredReason', s.retired_reason) ORDER BY s.retired_at DESC NULLS LAST)
        FROM safety_caution s LEFT JOIN app_user ru ON ru.id = s.retired_by WHERE s.person_id = p.id AND NOT s.active), '[]'::json),
      'addresses', coalesce((SELECT json_agg(json_build_object('id', ad.id, 'kind', ad.kind, 'shelterName', ad.shelter_name, 'locationNote', ad.location_note, 'line1', ad.line1, 'line2', ad.line2, 'city', ad.city, 'state', ad.state,
          'postalCode', ad.postal_code, 'latitude', ad.latitude, 'longitude', ad.longitude, 'movedIn', ${dateText("ad.moved_in")},
          'movedOut', ${dateText("ad.moved_out")}, 'verificationStatus', ad.verification_status, 'verifiedOn', ${dateText("ad.verified_on")}, 'version', ad.version) ORDER BY ad.moved_in DESC, ad.created_at DESC)
        FROM person_address ad WHERE ad.person_id = p.id), '[]'::json),
      'employment', coalesce((SELECT json_agg(json_build_object('id', e.id, 'employer', e.employer, 'position', e.position, 'phone', e.phone,
          'startedOn', ${dateText("e.started_on")}, 'endedOn', ${dateText("e.ended_on")}, 'verified', e.verified,
          'verifiedOn', ${dateText("e.verified_on")}, 'verifiedBy', vu.display_name, 'version', e.version) ORDER BY e.started_on DESC)
        FROM person_employment e LEFT JOIN app_user vu ON vu.id = e.verified_by WHERE e.person_id = p.id), '[]'::json),
      'contacts', coalesce((SELECT json_agg(json_build_object('id', pc.id, 'kind', pc.kind, 'fullName', pc.full_name, 'relationship', pc.relationship, 'phone', pc.phone, 'version', pc.version) ORDER BY pc.full_name)
        FROM person_contact pc WHERE pc.person_id = p.id AND pc.removed_at IS NULL), '[]'::json),
      'cases', coalesce((SELECT json_agg(json_build_object(
          'id', c.id, 'version', c.version, 'caseNumber', c.case_number, 'supervisionType', c.supervision_type, 'population', c.population,
          'authorityName', c.authority_name, 'docketNumber', c.docket_number, 'supervisionStart', ${dateText("c.supervision_start")},
          'expectedEnd', ${dateText("c.expected_end")}, 'actualEnd', ${dateText("c.actual_end")}, 'status', c.status, 'closureReason', c.closure_reason,
          'supervisionLevel', c.supervision_level, 'riskLevel', c.risk_level, 'tags', c.tags,
          'changes', coalesce((SELECT json_agg(json_build_object('field', ch.field, 'oldValue', ch.old_value, 'newValue', ch.new_value, 'reason', ch.reason,
              'changedBy', chu.display_name, 'changedAt', ${instantText("ch.changed_at")}) ORDER BY ch.changed_at DESC)
            FROM case_change ch LEFT JOIN app_user chu ON chu.id = ch.changed_by WHERE ch.case_id = c.id), '[]'::json),
          'unit', json_build_object('id', un.id, 'name', un.name),
          'officer', json_build_object('id', o.id, 'displayName', o.display_name),
          'coOfficers', coalesce((SELECT json_agg(json_build_object('id', cu.id, 'displayName', cu.display_name)) FROM case_co_officer co JOIN app_user cu ON cu.id = co.officer_id WHERE co.case_id = c.id), '[]'::json),
          'offenses', coalesce((SELECT json_agg(json_build_object('description', f.description, 'statute', f.statute, 'severity', f.severity, 'convictedOn', ${dateText("f.convicted_on")})) FROM case_offense f WHERE f.case_id = c.id), '[]'::json),
          'conditions', coalesce((SELECT json_agg(json_build_object('id', cc.id, 'conditionTypeId', ct.id, 'code', ct.code, 'title', ct.title, 'kind', ct.kind,
              'parameters', cc.parameters, 'effectiveFrom', ${dateText("cc.effective_from")}, 'effectiveTo', ${dateText("cc.effective_to")}, 'orderedBy', cc.ordered_by,
              'compliance', cc.compliance, 'supersedes', cc.supersedes, 'supersededBy', cc.superseded_by) ORDER BY ct.is_standard DESC, ct.code, cc.effective_from)
            FROM case_condition_version cc JOIN condition_type ct ON ct.id = cc.condition_type_id WHERE cc.case_id = c.id), '[]'::json),
          'assignments', coalesce((SELECT json_agg(json_build_object('officerName', au.display_name, 'unitName', aun.name, 'startedAt', ${instantText("ca.started_at")},
              'endedAt', ${instantText("ca.ended_at")}, 'reason', ca.reason) ORDER BY ca.started_at)
            FROM case_assignment ca JOIN app_user au ON au.id = ca.officer_id JOIN unit aun ON aun.id = ca.unit_id WHERE ca.case_id = c.id), '[]'::json)
        ) ORDER BY c.supervision_start DESC)
        FROM supervision_case c JOIN unit un ON un.id = c.unit_id JOIN app_user o ON o.id = c.officer_id WHERE c.person_id = p.id), '[]'::json)
    ) AS record
    FROM person p WHERE p.id = $1`,
    [personId],
  );
  return rows[0]?.record;
}
