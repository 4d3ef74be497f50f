import type { Queryable } from "../../platform/db/database";

/** Tables whose rows hang off a person and are changed by their own id. */
export type PersonRowTable = "person_address" | "safety_caution" | "person_employment" | "person_contact" | "person_alias";

/** The person a row of `table` belongs to. */
export async function findPersonOfRow(db: Queryable, table: PersonRowTable, id: string): Promise<string | undefined> {
  // `table` is one of the names above, never input: the type keeps it so.
  const [row] = await db.query<{ person_id: string }>(`SELECT person_id FROM ${table} WHERE id = $1`, [id]);
  return row?.person_id;
}

/**
 * The person's current address, with the person's row locked until the transaction ends: two new addresses
 * added at once are taken one after the other, so the second sees the first (and never leaves two current).
 */
export async function lockCurrentAddress(
  db: Queryable,
  personId: string,
): Promise<{ id: string; movedIn: string; kind: "residence" | "shelter" | "transient" } | undefined> {
  await db.query("SELECT id FROM person WHERE id = $1 FOR UPDATE", [personId]);
  const [current] = await db.query<{ id: string; moved_in: string; kind: "residence" | "shelter" | "transient" }>(
    "SELECT id, to_char(moved_in, 'YYYY-MM-DD') AS moved_in, kind FROM person_address WHERE person_id = $1 AND moved_out IS NULL ORDER BY moved_in DESC LIMIT 1",
    [personId],
  );
  return current ? { id: current.id, movedIn: current.moved_in, kind: current.kind } : undefined;
}

/** The person's current address ends on the day they moved. */
export async function endCurrentAddress(db: Queryable, personId: string, movedOut: string): Promise<void> {
  await db.query("UPDATE person_address SET moved_out = $2, version = version + 1 WHERE person_id = $1 AND moved_out IS NULL", [
    personId,
    movedOut,
  ]);
}

/** An address's columns, with what does not belong to its kind already left empty (null). */
export type AddressColumns = {
  kind: string;
  shelterName: string | null;
  locationNote: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  movedIn: string;
};

const addressValues = (a: AddressColumns) => [
  a.kind,
  a.shelterName,
  a.locationNote,
  a.line1,
  a.line2,
  a.city,
  a.state,
  a.postalCode,
  a.latitude,
  a.longitude,
  a.movedIn,
];

export async function insertAddress(db: Queryable, personId: string, address: AddressColumns): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO person_address (person_id, kind, shelter_name, location_note, line1, line2, city, state, postal_code, latitude, longitude, moved_in)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [personId, ...addressValues(address)],
  );
  return row!.id;
}

/** An address's kind and dates (YYYY-MM-DD), for the checks before changing it. */
export async function findAddress(
  db: Queryable,
  addressId: string,
): Promise<{ kind: string; movedIn: string; movedOut: string | null } | undefined> {
  const [row] = await db.query<{ kind: string; moved_in: string; moved_out: string | null }>(
    "SELECT kind, to_char(moved_in, 'YYYY-MM-DD') AS moved_in, to_char(moved_out, 'YYYY-MM-DD') AS moved_out FROM person_address WHERE id = $1",
    [addressId],
  );
  return row && { kind: row.kind, movedIn: row.moved_in, movedOut: row.moved_out };
}

/** Rewrites an address as recorded; a change of kind makes it unverified again. */
export async function correctAddress(db: Queryable, addressId: string, address: AddressColumns): Promise<void> {
  await db.query(
    `UPDATE person_address SET kind = $2, shelter_name = $3, location_note = $4, line1 = $5, line2 = $6, city = $7, state = $8,
            postal_code = $9, latitude = $10, longitude = $11, moved_in = $12,
            verification_status = CASE WHEN kind = $2 THEN verification_status ELSE 'unverified' END,
            verified_on = CASE WHEN kind = $2 THEN verified_on END
      WHERE id = $1`,
    [addressId, ...addressValues(address)],
  );
}

export async function setAddressMovedOut(db: Queryable, addressId: string, movedOut: string): Promise<void> {
  await db.query("UPDATE person_address SET moved_out = $2 WHERE id = $1", [addressId, movedOut]);
}

/** A change made without an expected version still moves the version on, so open forms see it changed. */
export async function bumpAddressVersion(db: Queryable, addressId: string): Promise<void> {
  await db.query("UPDATE person_address SET version = version + 1 WHERE id = $1", [addressId]);
}

export async function setAddressVerification(db: Queryable, addressId: string, status: string, verifiedOn: string | null): Promise<void> {
  await db.query("UPDATE person_address SET verification_status = $2, verified_on = $3 WHERE id = $1", [addressId, status, verifiedOn]);
}

export async function insertEmployment(
  db: Queryable,
  personId: string,
  input: { employer: string; position: string | null; phone: string | null; startedOn: string; endedOn: string | null; verified: boolean },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO person_employment (person_id, employer, position, phone, started_on, ended_on, verified) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    [personId, input.employer, input.position, input.phone, input.startedOn, input.endedOn, input.verified],
  );
  return row!.id;
}

export async function insertPersonContact(
  db: Queryable,
  personId: string,
  input: { kind: string; fullName: string; relationship: string | null; phone: string | null },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO person_contact (person_id, kind, full_name, relationship, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [personId, input.kind, input.fullName, input.relationship, input.phone],
  );
  return row!.id;
}

export async function insertCaution(
  db: Queryable,
  personId: string,
  input: { kind: string; description: string; createdBy: string; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO safety_caution (person_id, kind, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [personId, input.kind, input.description, input.createdBy, input.now],
  );
  return row!.id;
}

/** A job's dates (YYYY-MM-DD), for the checks before changing it. */
export async function findEmploymentDates(
  db: Queryable,
  employmentId: string,
): Promise<{ startedOn: string; endedOn: string | null } | undefined> {
  const [row] = await db.query<{ started_on: string; ended_on: string | null }>(
    "SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on, to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM person_employment WHERE id = $1",
    [employmentId],
  );
  return row && { startedOn: row.started_on, endedOn: row.ended_on };
}

/** Only what is given changes: employer null keeps it; position and phone change when `set`. */
export async function updateEmployment(
  db: Queryable,
  employmentId: string,
  input: {
    employer: string | null;
    position: { set: boolean; value: string | null };
    phone: { set: boolean; value: string | null };
    startedOn: string;
    endedOn: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE person_employment SET employer = coalesce($2, employer),
            position = CASE WHEN $3 THEN $4 ELSE position END, phone = CASE WHEN $5 THEN $6 ELSE phone END,
            started_on = $7, ended_on = $8
      WHERE id = $1`,
    [
      employmentId,
      input.employer,
      input.position.set,
      input.position.value,
      input.phone.set,
      input.phone.value,
      input.startedOn,
      input.endedOn,
    ],
  );
}

/**
 * Marks the job verified; answers whether it was verified before (read from the statement's snapshot; the caller holds
 * the row through its version claim) and the person's cases that are not closed.
 */
export async function verifyEmployment(
  db: Queryable,
  employmentId: string,
  verifiedOn: string,
  verifiedBy: string,
): Promise<{ wasVerified: boolean; openCaseIds: string[] }> {
  const [row] = await db.query<{ was_verified: boolean; open_case_ids: string[] }>(
    `WITH previous AS (SELECT verified FROM person_employment WHERE id = $1),
          changed AS (UPDATE person_employment SET verified = true, verified_on = $2, verified_by = $3 WHERE id = $1 RETURNING person_id)
     SELECT (SELECT verified FROM previous) AS was_verified,
            ARRAY(SELECT c.id FROM supervision_case c JOIN changed ON c.person_id = changed.person_id WHERE c.status <> 'closed' ORDER BY c.id)
              AS open_case_ids`,
    [employmentId, verifiedOn, verifiedBy],
  );
  return { wasVerified: row!.was_verified, openCaseIds: row!.open_case_ids };
}

export async function updatePersonContact(
  db: Queryable,
  contactId: string,
  input: { kind: string; fullName: string; relationship: string | null; phone: string | null },
): Promise<void> {
  await db.query("UPDATE person_contact SET kind = $2, full_name = $3, relationship = $4, phone = $5 WHERE id = $1", [
    contactId,
    input.kind,
    input.fullName,
    input.relationship,
    input.phone,
  ]);
}

/** Marks a contact or alias removed (kept, with who and when); false when it already was. */
export async function softRemove(
  db: Queryable,
  table: "person_contact" | "person_alias",
  id: string,
  removedAt: Date,
  removedBy: string,
): Promise<boolean> {
  // `table` is one of the two names above, never input: the type keeps it so.
  const rows = await db.query(`UPDATE ${table} SET removed_at = $2, removed_by = $3 WHERE id = $1 AND removed_at IS NULL RETURNING id`, [
    id,
    removedAt,
    removedBy,
  ]);
  return rows.length > 0;
}

export async function isCautionActive(db: Queryable, cautionId: string): Promise<boolean> {
  const [row] = await db.query<{ active: boolean }>("SELECT active FROM safety_caution WHERE id = $1", [cautionId]);
  return row?.active === true;
}

/** A retired caution stays on record, inactive, with who retired it, when and why. */
export async function retireCaution(
  db: Queryable,
  cautionId: string,
  input: { now: Date; retiredBy: string; reason: string },
): Promise<void> {
  await db.query("UPDATE safety_caution SET active = false, retired_at = $2, retired_by = $3, retired_reason = $4 WHERE id = $1", [
    cautionId,
    input.now,
    input.retiredBy,
    input.reason,
  ]);
}

export async function insertAlias(db: Queryable, personId: string, input: { fullName: string; kind: string }): Promise<string> {
  const [row] = await db.query<{ id: string }>("INSERT INTO person_alias (person_id, full_name, kind) VALUES ($1, $2, $3) RETURNING id", [
    personId,
    input.fullName,
    input.kind,
  ]);
  return row!.id;
}

export async function setPhoto(db: Queryable, personId: string, image: Buffer, type: string, now: Date): Promise<void> {
  await db.query("UPDATE person SET photo_jpeg = $2, photo_type = $3, updated_at = $4 WHERE id = $1", [personId, image, type, now]);
}

/** The photo and its type (photos stored before migration 011 are JPEG). */
export async function findPhoto(db: Queryable, personId: string): Promise<{ image: Buffer; type: string } | undefined> {
  const [row] = await db.query<{ photo_jpeg: Buffer | Uint8Array | null; photo_type: string | null }>(
    "SELECT photo_jpeg, photo_type FROM person WHERE id = $1",
    [personId],
  );
  return row?.photo_jpeg ? { image: Buffer.from(row.photo_jpeg), type: row.photo_type ?? "image/jpeg" } : undefined;
}
