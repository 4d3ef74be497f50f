import type { Queryable } from "../../platform/db/database";

/** Tables whose rows hang off a person and are changed by their own id. */
export type PersonRowTable = "person_address" | "safety_caution";

/** The person a row of `table` belongs to. */
export async function findPersonOfRow(db: Queryable, table: PersonRowTable, id: string): Promise<string | undefined> {
  // `table` is one of the names above, never input: the type keeps it so.
  const [row] = await db.query<{ person_id: string }>(`SELECT person_id FROM ${table} WHERE id = $1`, [id]);
  return row?.person_id;
}

/** The move-in date (YYYY-MM-DD) of the person's current address, if they have one. */
export async function findCurrentMoveIn(db: Queryable, personId: string): Promise<string | undefined> {
  const [current] = await db.query<{ moved_in: string }>(
    "SELECT to_char(moved_in, 'YYYY-MM-DD') AS moved_in FROM person_address WHERE person_id = $1 AND moved_out IS NULL ORDER BY moved_in DESC LIMIT 1",
    [personId],
  );
  return current?.moved_in;
}

/** The person's current address ends on the day they moved. */
export async function endCurrentAddress(db: Queryable, personId: string, movedOut: string): Promise<void> {
  await db.query("UPDATE person_address SET moved_out = $2 WHERE person_id = $1 AND moved_out IS NULL", [personId, movedOut]);
}

export async function insertAddress(
  db: Queryable,
  personId: string,
  input: {
    line1: string;
    line2: string | null;
    city: string;
    state: string;
    postalCode: string;
    latitude: number | null;
    longitude: number | null;
    movedIn: string;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO person_address (person_id, line1, line2, city, state, postal_code, latitude, longitude, moved_in)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [personId, input.line1, input.line2, input.city, input.state, input.postalCode, input.latitude, input.longitude, input.movedIn],
  );
  return row!.id;
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

/** A retired caution stays on record, inactive. */
export async function retireCaution(db: Queryable, cautionId: string): Promise<void> {
  await db.query("UPDATE safety_caution SET active = false WHERE id = $1", [cautionId]);
}

export async function insertAlias(db: Queryable, personId: string, input: { fullName: string; kind: string }): Promise<string> {
  const [row] = await db.query<{ id: string }>("INSERT INTO person_alias (person_id, full_name, kind) VALUES ($1, $2, $3) RETURNING id", [
    personId,
    input.fullName,
    input.kind,
  ]);
  return row!.id;
}

export async function setPhoto(db: Queryable, personId: string, jpeg: Buffer, now: Date): Promise<void> {
  await db.query("UPDATE person SET photo_jpeg = $2, updated_at = $3 WHERE id = $1", [personId, jpeg, now]);
}

export async function findPhoto(db: Queryable, personId: string): Promise<Buffer | undefined> {
  const [row] = await db.query<{ photo_jpeg: Buffer | Uint8Array | null }>("SELECT photo_jpeg FROM person WHERE id = $1", [personId]);
  return row?.photo_jpeg ? Buffer.from(row.photo_jpeg) : undefined;
}
