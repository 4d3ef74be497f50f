import type { z } from "zod";
import type {
  addressBody,
  addressVerificationBody,
  aliasBody,
  cautionBody,
  contactBody,
  employmentBody,
} from "../../../shared/contract/people";
import { loadPersonCaseTargets } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { badRequest, notFound } from "../../platform/errors";

export const maxPhotoBytes = 512 * 1024;

type RowOfPerson = { table: "person_address" | "safety_caution"; id: string };

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
    if (!row) throw notFound(table === "person_address" ? "Address" : "Caution");
    return row.person_id;
  }

  const inserted = (rows: { id: string }[]) => ({ id: rows[0]!.id });

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
        await tx.query("UPDATE person_address SET moved_out = $2 WHERE person_id = $1 AND moved_out IS NULL", [personId, input.movedIn]);
        return inserted(
          await tx.query<{ id: string }>(
            `INSERT INTO person_address (person_id, line1, line2, city, state, postal_code, latitude, longitude, moved_in)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [
              personId,
              input.line1,
              input.line2 ?? null,
              input.city,
              input.state,
              input.postalCode,
              input.latitude ?? null,
              input.longitude ?? null,
              input.movedIn,
            ],
          ),
        );
      });
    },

    async verifyAddress(context: RequestContext, addressId: string, input: z.infer<typeof addressVerificationBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, `person.address_${input.status}`, async (tx) => {
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

    async retireCaution(context: RequestContext, cautionId: string) {
      await writeToPerson(context, { table: "safety_caution", id: cautionId }, "person.caution_retired", async (tx) => {
        await tx.query("UPDATE safety_caution SET active = false WHERE id = $1", [cautionId]);
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

    async setPhoto(context: RequestContext, personId: string, jpeg: Buffer) {
      // JPEG files start with FF D8 FF: refuse anything else rather than store what the browser would run.
      if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff) throw badRequest("The photo must be a JPEG image.");
      await writeToPerson(context, personId, "person.photo_set", async (tx) => {
        await tx.query("UPDATE person SET photo_jpeg = $2, updated_at = $3 WHERE id = $1", [personId, jpeg, context.now]);
      });
    },

    async getPhoto(context: RequestContext, personId: string): Promise<Buffer> {
      return guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        authorizeAny("case.read", targets, { action: "person.photo_read", recordType: "person", recordId: personId });
        const [row] = await tx.query<{ photo_jpeg: Buffer | Uint8Array | null }>("SELECT photo_jpeg FROM person WHERE id = $1", [personId]);
        if (!row?.photo_jpeg) throw notFound("Photo");
        return Buffer.from(row.photo_jpeg);
      });
    },
  };
}

export type PersonDetailsService = ReturnType<typeof createPersonDetailsService>;
