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
import * as queries from "./person-details.queries";

export const maxPhotoBytes = 512 * 1024;

type RowOfPerson = { table: queries.PersonRowTable; id: string };

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
    const personId = await queries.findPersonOfRow(tx, table, id);
    if (!personId) throw notFound(table === "person_address" ? "Address" : "Caution");
    return personId;
  }

  const inserted = (id: string) => ({ id });

  return {
    /** A new address becomes current; the previous current address ends the day the person moved. */
    async addAddress(context: RequestContext, personId: string, input: z.infer<typeof addressBody>) {
      return writeToPerson(context, personId, "person.address_added", async (tx) => {
        const currentMoveIn = await queries.findCurrentMoveIn(tx, personId);
        if (currentMoveIn && input.movedIn < currentMoveIn) {
          throw badRequest("The move-in date is before the current address's move-in date.", [
            { field: "movedIn", message: `before ${currentMoveIn}` },
          ]);
        }
        await queries.endCurrentAddress(tx, personId, input.movedIn);
        return inserted(
          await queries.insertAddress(tx, personId, {
            line1: input.line1,
            line2: input.line2 ?? null,
            city: input.city,
            state: input.state,
            postalCode: input.postalCode,
            latitude: input.latitude ?? null,
            longitude: input.longitude ?? null,
            movedIn: input.movedIn,
          }),
        );
      });
    },

    async verifyAddress(context: RequestContext, addressId: string, input: z.infer<typeof addressVerificationBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, `person.address_${input.status}`, async (tx) => {
        await queries.setAddressVerification(tx, addressId, input.status, input.verifiedOn);
      });
    },

    async addEmployment(context: RequestContext, personId: string, input: z.infer<typeof employmentBody>) {
      if (input.endedOn && input.endedOn < input.startedOn)
        throw badRequest("The end date is before the start date.", [{ field: "endedOn", message: "before startedOn" }]);
      return writeToPerson(context, personId, "person.employment_added", async (tx) =>
        inserted(
          await queries.insertEmployment(tx, personId, {
            employer: input.employer,
            position: input.position ?? null,
            phone: input.phone ?? null,
            startedOn: input.startedOn,
            endedOn: input.endedOn ?? null,
            verified: input.verified,
          }),
        ),
      );
    },

    async addContact(context: RequestContext, personId: string, input: z.infer<typeof contactBody>) {
      return writeToPerson(context, personId, "person.contact_added", async (tx) =>
        inserted(
          await queries.insertPersonContact(tx, personId, {
            kind: input.kind,
            fullName: input.fullName,
            relationship: input.relationship ?? null,
            phone: input.phone ?? null,
          }),
        ),
      );
    },

    async addCaution(context: RequestContext, personId: string, input: z.infer<typeof cautionBody>) {
      const actor = signedInActor(context);
      return writeToPerson(context, personId, "person.caution_added", async (tx) =>
        inserted(
          await queries.insertCaution(tx, personId, {
            kind: input.kind,
            description: input.description,
            createdBy: actor.userId,
            now: context.now,
          }),
        ),
      );
    },

    async retireCaution(context: RequestContext, cautionId: string) {
      await writeToPerson(context, { table: "safety_caution", id: cautionId }, "person.caution_retired", async (tx) => {
        await queries.retireCaution(tx, cautionId);
      });
    },

    async addAlias(context: RequestContext, personId: string, input: z.infer<typeof aliasBody>) {
      return writeToPerson(context, personId, "person.alias_added", async (tx) =>
        inserted(await queries.insertAlias(tx, personId, { fullName: input.fullName, kind: input.kind })),
      );
    },

    async setPhoto(context: RequestContext, personId: string, jpeg: Buffer) {
      // JPEG files start with FF D8 FF: refuse anything else rather than store what the browser would run.
      if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff) throw badRequest("The photo must be a JPEG image.");
      await writeToPerson(context, personId, "person.photo_set", async (tx) => {
        await queries.setPhoto(tx, personId, jpeg, context.now);
      });
    },

    async getPhoto(context: RequestContext, personId: string): Promise<Buffer> {
      return guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        authorizeAny("case.read", targets, { action: "person.photo_read", recordType: "person", recordId: personId });
        const photo = await queries.findPhoto(tx, personId);
        if (!photo) throw notFound("Photo");
        return photo;
      });
    },
  };
}

export type PersonDetailsService = ReturnType<typeof createPersonDetailsService>;
