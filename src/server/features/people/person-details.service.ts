import type { z } from "zod";
import type {
  addressBody,
  addressCorrectionBody,
  addressVerificationBody,
  aliasBody,
  cautionBody,
  contactBody,
  contactUpdateBody,
  employmentBody,
  employmentUpdateBody,
  employmentVerificationBody,
  moveOutBody,
  retireCautionBody,
} from "../../../shared/contract/supervision";
import { localDate } from "../../../shared/time/calendar-date";
import { loadPersonCaseTargets } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/optimistic";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import { photoTypeOf } from "./photo-type";

export const maxPhotoBytes = 512 * 1024;

const rowNames = {
  person_address: "Address",
  safety_caution: "Caution",
  person_employment: "Employment record",
  person_contact: "Contact",
  person_alias: "Alias",
} as const;
type RowOfPerson = { table: keyof typeof rowNames; id: string };

type AddressInput = z.infer<typeof addressBody>;
/** The columns of an address, with what does not belong to its kind left empty. */
const addressColumns = (input: AddressInput) => {
  const blank = (value: string | null | undefined) => (value && value.trim() !== "" ? value.trim() : null);
  const transient = input.kind === "transient";
  return [
    input.kind,
    input.kind === "shelter" ? blank(input.shelterName) : null,
    transient ? blank(input.locationNote) : null,
    transient ? null : blank(input.line1),
    transient ? null : blank(input.line2),
    blank(input.city),
    blank(input.state),
    transient ? null : blank(input.postalCode),
    input.latitude ?? null,
    input.longitude ?? null,
    input.movedIn,
  ];
};

async function softRemove(tx: Queryable, table: "person_contact" | "person_alias", id: string, context: RequestContext, what: string) {
  const rows = await tx.query(
    "UPDATE " + table + " SET removed_at = $2, removed_by = $3 WHERE id = $1 AND removed_at IS NULL RETURNING id",
    [id, context.now, signedInActor(context).userId],
  );
  if (rows.length === 0) throw conflict(`${what} was already removed.`);
}

export async function insertAddress(tx: Queryable, personId: string, input: AddressInput): Promise<{ id: string }> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO person_address (person_id, kind, shelter_name, location_note, line1, line2, city, state, postal_code, latitude, longitude, moved_in)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [personId, ...addressColumns(input)],
  );
  return { id: row!.id };
}

/** Addresses, employment, contacts, cautions, aliases and the photo: changed by whoever may write one of the person's cases. */
export function createPersonDetailsService(deps: FeatureDeps) {
  async function writeToPerson<T>(
    context: RequestContext,
    person: string | RowOfPerson,
    action: string,
    work: (tx: Queryable) => Promise<T>,
  ): Promise<T> {
    return guarded(deps, context, async ({ tx, authorizeAny }) => {
      const personId = typeof person === "string" ? person : await personOf(tx, person);
      const targets = await loadPersonCaseTargets(tx, personId);
      if (targets.length === 0) throw notFound("Person");
      authorizeAny("case.write", targets, { action, recordType: "person", recordId: personId });
      return work(tx);
    });
  }

  /** For rows that hang off a person: the person, found inside the guarded work before its access decision. */
  async function personOf(tx: Queryable, { table, id }: RowOfPerson): Promise<string> {
    const [row] = await tx.query<{ person_id: string }>(`SELECT person_id FROM ${table} WHERE id = $1`, [id]);
    if (!row) throw notFound(rowNames[table]);
    return row.person_id;
  }

  const inserted = (rows: { id: string }[]) => ({ id: rows[0]!.id });
  /** Today in the agency's time zone, for "not in the future" checks. */
  const agencyToday = async (tx: Queryable, context: RequestContext) =>
    localDate(context.now, (await loadAgencyStandards(tx, signedInActor(context).agencyId)).timeZone);

  return {
    /** A new address becomes current; the previous current address ends the day the person moved. */
    async addAddress(context: RequestContext, personId: string, input: z.infer<typeof addressBody>) {
      return writeToPerson(context, personId, "person.address_added", async (tx) => {
        const [current] = await tx.query<{ moved_in: string }>(
          "SELECT to_char(moved_in, 'YYYY-MM-DD') AS moved_in FROM person_address WHERE person_id = $1 AND moved_out IS NULL ORDER BY moved_in DESC LIMIT 1",
          [personId],
        );
        if (current && input.movedIn < current.moved_in) {
          throw badRequest("The move-in date is before the current address's move-in date.", [
            { field: "movedIn", message: `before ${current.moved_in}` },
          ]);
        }
        await tx.query("UPDATE person_address SET moved_out = $2, version = version + 1 WHERE person_id = $1 AND moved_out IS NULL", [
          personId,
          input.movedIn,
        ]);
        return insertAddress(tx, personId, input);
      });
    },

    /**
     * Corrects an address as it was recorded (not a move). Changing its kind (say, a residence that was really a
     * shelter) makes it unverified again: what was verified is no longer what is recorded.
     */
    async correctAddress(context: RequestContext, addressId: string, input: z.infer<typeof addressCorrectionBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, "person.address_corrected", async (tx) => {
        const [row] = await tx.query<{ kind: string; moved_out: string | null }>(
          "SELECT kind, to_char(moved_out, 'YYYY-MM-DD') AS moved_out FROM person_address WHERE id = $1",
          [addressId],
        );
        if (row!.moved_out && input.movedIn > row!.moved_out)
          throw badRequest("The move-in date is after the move-out date.", [{ field: "movedIn", message: `after ${row!.moved_out}` }]);
        await claimVersion(tx, "person_address", addressId, input.expectedVersion, "address");
        await tx.query(
          `UPDATE person_address SET kind = $2, shelter_name = $3, location_note = $4, line1 = $5, line2 = $6, city = $7, state = $8,
                  postal_code = $9, latitude = $10, longitude = $11, moved_in = $12,
                  verification_status = CASE WHEN kind = $2 THEN verification_status ELSE 'unverified' END,
                  verified_on = CASE WHEN kind = $2 THEN verified_on END
            WHERE id = $1`,
          [addressId, ...addressColumns(input)],
        );
      });
    },

    /** The person left the address: it stays as history; they have no current address until a new one is added. */
    async moveOut(context: RequestContext, addressId: string, input: z.infer<typeof moveOutBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, "person.address_moved_out", async (tx) => {
        const [row] = await tx.query<{ moved_in: string; moved_out: string | null }>(
          "SELECT to_char(moved_in, 'YYYY-MM-DD') AS moved_in, to_char(moved_out, 'YYYY-MM-DD') AS moved_out FROM person_address WHERE id = $1",
          [addressId],
        );
        if (row!.moved_out) throw conflict(`The person already moved out of this address on ${row!.moved_out}.`);
        if (input.movedOut < row!.moved_in)
          throw badRequest("The move-out date is before the move-in date.", [{ field: "movedOut", message: `before ${row!.moved_in}` }]);
        if (input.movedOut > (await agencyToday(tx, context)))
          throw badRequest("The move-out date is in the future; record the move when it has happened.", [
            { field: "movedOut", message: "in the future" },
          ]);
        await claimVersion(tx, "person_address", addressId, input.expectedVersion, "address");
        await tx.query("UPDATE person_address SET moved_out = $2 WHERE id = $1", [addressId, input.movedOut]);
      });
    },

    async verifyAddress(context: RequestContext, addressId: string, input: z.infer<typeof addressVerificationBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, `person.address_${input.status}`, async (tx) => {
        const [row] = await tx.query<{ kind: string }>("SELECT kind FROM person_address WHERE id = $1", [addressId]);
        // No home to verify: the standard asks for regular face-to-face contact instead (contact-standards.ts).
        if (row!.kind === "transient")
          throw badRequest("A person with no fixed address has no home to verify; record a face-to-face contact instead.", [
            { field: "status", message: "transient" },
          ]);
        if (input.verifiedOn > (await agencyToday(tx, context)))
          throw badRequest("The verification date is in the future.", [{ field: "verifiedOn", message: "in the future" }]);
        if (input.expectedVersion !== undefined) await claimVersion(tx, "person_address", addressId, input.expectedVersion, "address");
        else await tx.query("UPDATE person_address SET version = version + 1 WHERE id = $1", [addressId]);
        await tx.query("UPDATE person_address SET verification_status = $2, verified_on = $3 WHERE id = $1", [
          addressId,
          input.status,
          input.verifiedOn,
        ]);
      });
    },

    async addEmployment(context: RequestContext, personId: string, input: z.infer<typeof employmentBody>) {
      if (input.endedOn && input.endedOn < input.startedOn)
        throw badRequest("The end date is before the start date.", [{ field: "endedOn", message: "before startedOn" }]);
      return writeToPerson(context, personId, "person.employment_added", async (tx) =>
        inserted(
          await tx.query<{ id: string }>(
            "INSERT INTO person_employment (person_id, employer, position, phone, started_on, ended_on, verified) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            [personId, input.employer, input.position ?? null, input.phone ?? null, input.startedOn, input.endedOn ?? null, input.verified],
          ),
        ),
      );
    },

    /** Corrects a job as recorded, or ends it (endedOn); the dates must stay in order. */
    async updateEmployment(context: RequestContext, employmentId: string, input: z.infer<typeof employmentUpdateBody>) {
      await writeToPerson(context, { table: "person_employment", id: employmentId }, "person.employment_updated", async (tx) => {
        const [row] = await tx.query<{ started_on: string; ended_on: string | null }>(
          "SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on, to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM person_employment WHERE id = $1",
          [employmentId],
        );
        const startedOn = input.startedOn ?? row!.started_on;
        const endedOn = input.endedOn === undefined ? row!.ended_on : input.endedOn;
        if (endedOn && endedOn < startedOn)
          throw badRequest("The end date is before the start date.", [{ field: "endedOn", message: `before ${startedOn}` }]);
        await claimVersion(tx, "person_employment", employmentId, input.expectedVersion, "employment record");
        await tx.query(
          `UPDATE person_employment SET employer = coalesce($2, employer),
                  position = CASE WHEN $3 THEN $4 ELSE position END, phone = CASE WHEN $5 THEN $6 ELSE phone END,
                  started_on = $7, ended_on = $8
            WHERE id = $1`,
          [
            employmentId,
            input.employer ?? null,
            input.position !== undefined,
            input.position || null,
            input.phone !== undefined,
            input.phone || null,
            startedOn,
            endedOn,
          ],
        );
      });
    },

    /** The employer confirmed the job: who verified it and when is kept. */
    async verifyEmployment(context: RequestContext, employmentId: string, input: z.infer<typeof employmentVerificationBody>) {
      const actor = signedInActor(context);
      await writeToPerson(context, { table: "person_employment", id: employmentId }, "person.employment_verified", async (tx) => {
        const [row] = await tx.query<{ started_on: string }>(
          "SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on FROM person_employment WHERE id = $1",
          [employmentId],
        );
        if (input.verifiedOn > (await agencyToday(tx, context)))
          throw badRequest("The verification date is in the future.", [{ field: "verifiedOn", message: "in the future" }]);
        if (input.verifiedOn < row!.started_on)
          throw badRequest("The verification date is before the job started.", [
            { field: "verifiedOn", message: `before ${row!.started_on}` },
          ]);
        await claimVersion(tx, "person_employment", employmentId, input.expectedVersion, "employment record");
        await tx.query("UPDATE person_employment SET verified = true, verified_on = $2, verified_by = $3 WHERE id = $1", [
          employmentId,
          input.verifiedOn,
          actor.userId,
        ]);
      });
    },

    async addContact(context: RequestContext, personId: string, input: z.infer<typeof contactBody>) {
      return writeToPerson(context, personId, "person.contact_added", async (tx) =>
        inserted(
          await tx.query<{ id: string }>(
            "INSERT INTO person_contact (person_id, kind, full_name, relationship, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [personId, input.kind, input.fullName, input.relationship ?? null, input.phone ?? null],
          ),
        ),
      );
    },

    async updateContact(context: RequestContext, contactId: string, input: z.infer<typeof contactUpdateBody>) {
      await writeToPerson(context, { table: "person_contact", id: contactId }, "person.contact_updated", async (tx) => {
        await claimVersion(tx, "person_contact", contactId, input.expectedVersion, "contact");
        await tx.query("UPDATE person_contact SET kind = $2, full_name = $3, relationship = $4, phone = $5 WHERE id = $1", [
          contactId,
          input.kind,
          input.fullName,
          input.relationship || null,
          input.phone || null,
        ]);
      });
    },

    /** A household member who left, a contact no longer valid: off the page, kept with who removed it and when. */
    async removeContact(context: RequestContext, contactId: string) {
      await writeToPerson(context, { table: "person_contact", id: contactId }, "person.contact_removed", (tx) =>
        softRemove(tx, "person_contact", contactId, context, "contact"),
      );
    },

    async removeAlias(context: RequestContext, aliasId: string) {
      await writeToPerson(context, { table: "person_alias", id: aliasId }, "person.alias_removed", (tx) =>
        softRemove(tx, "person_alias", aliasId, context, "This alias"),
      );
    },

    async addCaution(context: RequestContext, personId: string, input: z.infer<typeof cautionBody>) {
      const actor = signedInActor(context);
      return writeToPerson(context, personId, "person.caution_added", async (tx) =>
        inserted(
          await tx.query<{ id: string }>(
            "INSERT INTO safety_caution (person_id, kind, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [personId, input.kind, input.description, actor.userId, context.now],
          ),
        ),
      );
    },

    /** A caution that no longer applies leaves the visit sheets; who retired it, when and why stay on the record. */
    async retireCaution(context: RequestContext, cautionId: string, input: z.infer<typeof retireCautionBody>) {
      const actor = signedInActor(context);
      await writeToPerson(context, { table: "safety_caution", id: cautionId }, "person.caution_retired", async (tx) => {
        const [row] = await tx.query<{ active: boolean }>("SELECT active FROM safety_caution WHERE id = $1", [cautionId]);
        if (!row!.active) throw conflict("This caution was already retired.");
        await claimVersion(tx, "safety_caution", cautionId, input.expectedVersion, "caution");
        await tx.query("UPDATE safety_caution SET active = false, retired_at = $2, retired_by = $3, retired_reason = $4 WHERE id = $1", [
          cautionId,
          context.now,
          actor.userId,
          input.reason,
        ]);
      });
    },

    async addAlias(context: RequestContext, personId: string, input: z.infer<typeof aliasBody>) {
      return writeToPerson(context, personId, "person.alias_added", async (tx) =>
        inserted(
          await tx.query<{ id: string }>("INSERT INTO person_alias (person_id, full_name, kind) VALUES ($1, $2, $3) RETURNING id", [
            personId,
            input.fullName,
            input.kind,
          ]),
        ),
      );
    },

    /** Sets or replaces the photo; its type is read from its first bytes, whatever the request claims. */
    async setPhoto(context: RequestContext, personId: string, image: Buffer) {
      const type = photoTypeOf(image);
      if (!type)
        throw badRequest("The photo must be a JPEG, PNG or WebP image.", [{ field: "photo", message: "not a JPEG, PNG or WebP image" }]);
      await writeToPerson(context, personId, "person.photo_set", async (tx) => {
        await tx.query("UPDATE person SET photo_jpeg = $2, photo_type = $3, updated_at = $4 WHERE id = $1", [
          personId,
          image,
          type,
          context.now,
        ]);
      });
    },

    async getPhoto(context: RequestContext, personId: string): Promise<{ image: Buffer; type: string }> {
      return guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        authorizeAny("case.read", targets, { action: "person.photo_read", recordType: "person", recordId: personId });
        const [row] = await tx.query<{ photo_jpeg: Buffer | Uint8Array | null; photo_type: string | null }>(
          "SELECT photo_jpeg, photo_type FROM person WHERE id = $1",
          [personId],
        );
        if (!row?.photo_jpeg) throw notFound("Photo");
        return { image: Buffer.from(row.photo_jpeg), type: row.photo_type ?? "image/jpeg" };
      });
    },
  };
}

export type PersonDetailsService = ReturnType<typeof createPersonDetailsService>;
