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
  photoQuery,
  removeContactQuery,
  retireCautionBody,
} from "../../../shared/contract/people";
import { localDate } from "../../../shared/time/calendar-date";
import { loadPersonCaseTargets } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/optimistic";
import { claimVersion as claimPersonVersion } from "../../platform/db/versioned";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors";
import { raiseEvent } from "../../platform/events/supervision-events";
import { refreshStandingsOfAddress, refreshStandingsOfPerson } from "../contacts/contact-standing";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import * as queries from "./person-details.queries";
import { photoTypeOf } from "./photo-type";

export const maxPhotoBytes = 512 * 1024;

const rowNames: Record<queries.PersonRowTable, string> = {
  person_address: "Address",
  safety_caution: "Caution",
  person_employment: "Employment record",
  person_contact: "Contact",
  person_alias: "Alias",
};
type RowOfPerson = { table: queries.PersonRowTable; id: string };

type AddressInput = z.infer<typeof addressBody>;
/** The columns of an address, with what does not belong to its kind left empty. */
const addressColumns = (input: AddressInput): queries.AddressColumns => {
  const blank = (value: string | null | undefined) => (value && value.trim() !== "" ? value.trim() : null);
  const transient = input.kind === "transient";
  return {
    kind: input.kind,
    shelterName: input.kind === "shelter" ? blank(input.shelterName) : null,
    locationNote: transient ? blank(input.locationNote) : null,
    line1: transient ? null : blank(input.line1),
    line2: transient ? null : blank(input.line2),
    city: blank(input.city),
    state: blank(input.state),
    postalCode: transient ? null : blank(input.postalCode),
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    movedIn: input.movedIn,
  };
};

/** 409: another address became current after the form was opened. */
const addressConflict = () =>
  new AppError(
    "edit_conflict",
    "Someone else recorded a new current address after you opened this form. Reload to see it, then record the move again if it still applies.",
    [{ field: "expectedCurrentAddressId", message: "the current address has changed since it was read" }],
  );

/** A new address (at intake or later), its fields kept to what its kind needs. */
export async function insertAddress(tx: Queryable, personId: string, input: AddressInput): Promise<{ id: string }> {
  return { id: await queries.insertAddress(tx, personId, addressColumns(input)) };
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
    const personId = await queries.findPersonOfRow(tx, table, id);
    if (!personId) throw notFound(rowNames[table]);
    return personId;
  }

  /** Found inside the guarded work, after personOf found the row: it exists. */
  const mustExist = <T>(row: T | undefined, table: queries.PersonRowTable): T => {
    if (row === undefined) throw notFound(rowNames[table]);
    return row;
  };

  async function softRemove(tx: Queryable, table: "person_contact" | "person_alias", id: string, context: RequestContext, what: string) {
    if (!(await queries.softRemove(tx, table, id, context.now, signedInActor(context).userId)))
      throw conflict(`${what} was already removed.`);
  }

  const inserted = (id: string) => ({ id });
  /** Today in the agency's time zone, for "not in the future" checks. */
  const agencyToday = async (tx: Queryable, context: RequestContext) =>
    localDate(context.now, (await loadAgencyStandards(tx, signedInActor(context).agencyId)).timeZone);

  return {
    /** A new address becomes current; the previous current address ends the day the person moved. */
    async addAddress(context: RequestContext, personId: string, input: z.infer<typeof addressBody>) {
      return writeToPerson(context, personId, "person.address_added", async (tx) => {
        const current = await queries.lockCurrentAddress(tx, personId);
        // The form names the current address it showed: a new one recorded meanwhile is not ended unseen.
        if (input.expectedCurrentAddressId !== undefined && input.expectedCurrentAddressId !== (current?.id ?? null))
          throw addressConflict();
        if (current && input.movedIn < current.movedIn) {
          throw badRequest("The move-in date is before the current address's move-in date.", [
            { field: "movedIn", message: `before ${current.movedIn}` },
          ]);
        }
        await queries.endCurrentAddress(tx, personId, input.movedIn);
        const address = await insertAddress(tx, personId, input);
        const openCaseIds = await refreshStandingsOfPerson(tx, personId, context.now, signedInActor(context).userId);
        // Leaving a home for a shelter or for no fixed address is a loss of housing: a fact other capabilities act on
        // (a reassessment trigger), on each of the person's open cases.
        if (current?.kind === "residence" && input.kind !== "residence") {
          for (const caseId of openCaseIds) {
            await raiseEvent(tx, {
              caseId,
              kind: "housing_lost",
              sourceType: "person_address",
              sourceId: address.id,
              occurredAt: context.now,
              details: { movedIn: input.movedIn, to: input.kind },
              now: context.now,
            });
          }
        }
        return address;
      });
    },

    /**
     * Corrects an address as it was recorded (not a move). Changing its kind (say, a residence that was really a
     * shelter) makes it unverified again: what was verified is no longer what is recorded.
     */
    async correctAddress(context: RequestContext, addressId: string, input: z.infer<typeof addressCorrectionBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, "person.address_corrected", async (tx) => {
        const row = mustExist(await queries.findAddress(tx, addressId), "person_address");
        if (row.movedOut && input.movedIn > row.movedOut)
          throw badRequest("The move-in date is after the move-out date.", [{ field: "movedIn", message: `after ${row.movedOut}` }]);
        await claimVersion(tx, "person_address", addressId, input.expectedVersion, "address");
        await queries.correctAddress(tx, addressId, addressColumns(input));
        await refreshStandingsOfAddress(tx, addressId, context.now, signedInActor(context).userId);
      });
    },

    /** The person left the address: it stays as history; they have no current address until a new one is added. */
    async moveOut(context: RequestContext, addressId: string, input: z.infer<typeof moveOutBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, "person.address_moved_out", async (tx) => {
        const row = mustExist(await queries.findAddress(tx, addressId), "person_address");
        if (row.movedOut) throw conflict(`The person already moved out of this address on ${row.movedOut}.`);
        if (input.movedOut < row.movedIn)
          throw badRequest("The move-out date is before the move-in date.", [{ field: "movedOut", message: `before ${row.movedIn}` }]);
        if (input.movedOut > (await agencyToday(tx, context)))
          throw badRequest("The move-out date is in the future; record the move when it has happened.", [
            { field: "movedOut", message: "in the future" },
          ]);
        await claimVersion(tx, "person_address", addressId, input.expectedVersion, "address");
        await queries.setAddressMovedOut(tx, addressId, input.movedOut);
        await refreshStandingsOfAddress(tx, addressId, context.now, signedInActor(context).userId);
      });
    },

    async verifyAddress(context: RequestContext, addressId: string, input: z.infer<typeof addressVerificationBody>) {
      await writeToPerson(context, { table: "person_address", id: addressId }, `person.address_${input.status}`, async (tx) => {
        const row = mustExist(await queries.findAddress(tx, addressId), "person_address");
        // No home to verify: the standard asks for regular face-to-face contact instead (contact-standards.ts).
        if (row.kind === "transient")
          throw badRequest("A person with no fixed address has no home to verify; record a face-to-face contact instead.", [
            { field: "status", message: "transient" },
          ]);
        if (input.verifiedOn > (await agencyToday(tx, context)))
          throw badRequest("The verification date is in the future.", [{ field: "verifiedOn", message: "in the future" }]);
        if (input.expectedVersion !== undefined) await claimVersion(tx, "person_address", addressId, input.expectedVersion, "address");
        else await queries.bumpAddressVersion(tx, addressId);
        await queries.setAddressVerification(tx, addressId, input.status, input.verifiedOn);
        await refreshStandingsOfAddress(tx, addressId, context.now, signedInActor(context).userId);
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

    /** Corrects a job as recorded, or ends it (endedOn); the dates must stay in order. */
    async updateEmployment(context: RequestContext, employmentId: string, input: z.infer<typeof employmentUpdateBody>) {
      await writeToPerson(context, { table: "person_employment", id: employmentId }, "person.employment_updated", async (tx) => {
        const row = mustExist(await queries.findEmploymentDates(tx, employmentId), "person_employment");
        const startedOn = input.startedOn ?? row.startedOn;
        const endedOn = input.endedOn === undefined ? row.endedOn : input.endedOn;
        if (endedOn && endedOn < startedOn)
          throw badRequest("The end date is before the start date.", [{ field: "endedOn", message: `before ${startedOn}` }]);
        await claimVersion(tx, "person_employment", employmentId, input.expectedVersion, "employment record");
        await queries.updateEmployment(tx, employmentId, {
          employer: input.employer ?? null,
          position: { set: input.position !== undefined, value: input.position || null },
          phone: { set: input.phone !== undefined, value: input.phone || null },
          startedOn,
          endedOn,
        });
      });
    },

    /** The employer confirmed the job: who verified it and when is kept; the person's open cases get an employment_verified event. */
    async verifyEmployment(context: RequestContext, employmentId: string, input: z.infer<typeof employmentVerificationBody>) {
      const actor = signedInActor(context);
      await writeToPerson(context, { table: "person_employment", id: employmentId }, "person.employment_verified", async (tx) => {
        const row = mustExist(await queries.findEmploymentDates(tx, employmentId), "person_employment");
        if (input.verifiedOn > (await agencyToday(tx, context)))
          throw badRequest("The verification date is in the future.", [{ field: "verifiedOn", message: "in the future" }]);
        if (input.verifiedOn < row.startedOn)
          throw badRequest("The verification date is before the job started.", [
            { field: "verifiedOn", message: `before ${row.startedOn}` },
          ]);
        await claimVersion(tx, "person_employment", employmentId, input.expectedVersion, "employment record");
        const verified = await queries.verifyEmployment(tx, employmentId, input.verifiedOn, actor.userId);
        // An achievement on each of the person's open cases, the first time the job is verified.
        if (!verified.wasVerified) {
          for (const caseId of verified.openCaseIds) {
            await raiseEvent(tx, {
              caseId,
              kind: "employment_verified",
              sourceType: "person_employment",
              sourceId: employmentId,
              occurredAt: context.now,
              details: { verifiedOn: input.verifiedOn },
              now: context.now,
            });
          }
        }
      });
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

    async updateContact(context: RequestContext, contactId: string, input: z.infer<typeof contactUpdateBody>) {
      await writeToPerson(context, { table: "person_contact", id: contactId }, "person.contact_updated", async (tx) => {
        await claimVersion(tx, "person_contact", contactId, input.expectedVersion, "contact");
        await queries.updatePersonContact(tx, contactId, {
          kind: input.kind,
          fullName: input.fullName,
          relationship: input.relationship || null,
          phone: input.phone || null,
        });
      });
    },

    /** A household member who left, a contact no longer valid: off the page, kept with who removed it and when. */
    async removeContact(context: RequestContext, contactId: string, input: z.infer<typeof removeContactQuery>) {
      await writeToPerson(context, { table: "person_contact", id: contactId }, "person.contact_removed", async (tx) => {
        await softRemove(tx, "person_contact", contactId, context, "This contact");
        await claimVersion(tx, "person_contact", contactId, input.expectedVersion, "contact");
      });
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
          await queries.insertCaution(tx, personId, {
            kind: input.kind,
            description: input.description,
            createdBy: actor.userId,
            now: context.now,
          }),
        ),
      );
    },

    /** A caution that no longer applies leaves the visit sheets; who retired it, when and why stay on the record. */
    async retireCaution(context: RequestContext, cautionId: string, input: z.infer<typeof retireCautionBody>) {
      const actor = signedInActor(context);
      await writeToPerson(context, { table: "safety_caution", id: cautionId }, "person.caution_retired", async (tx) => {
        if (!(await queries.isCautionActive(tx, cautionId))) throw conflict("This caution was already retired.");
        await claimVersion(tx, "safety_caution", cautionId, input.expectedVersion, "caution");
        await queries.retireCaution(tx, cautionId, { now: context.now, retiredBy: actor.userId, reason: input.reason });
      });
    },

    async addAlias(context: RequestContext, personId: string, input: z.infer<typeof aliasBody>) {
      return writeToPerson(context, personId, "person.alias_added", async (tx) =>
        inserted(await queries.insertAlias(tx, personId, { fullName: input.fullName, kind: input.kind })),
      );
    },

    /** Sets or replaces the photo; its type is read from its first bytes, whatever the request claims. */
    async setPhoto(context: RequestContext, personId: string, image: Buffer, input: z.infer<typeof photoQuery>) {
      const type = photoTypeOf(image);
      if (!type)
        throw badRequest("The photo must be a JPEG, PNG or WebP image.", [{ field: "photo", message: "not a JPEG, PNG or WebP image" }]);
      await writeToPerson(context, personId, "person.photo_set", async (tx) => {
        // The photo is part of the person's row: a photo (or a correction) saved since the page was read is a 409.
        await claimPersonVersion(tx, {
          table: "person",
          id: personId,
          expectedVersion: input.expectedVersion,
          actorId: signedInActor(context).userId,
          now: context.now,
          what: "person's record",
        });
        await queries.setPhoto(tx, personId, image, type, context.now);
      });
    },

    async getPhoto(context: RequestContext, personId: string): Promise<{ image: Buffer; type: string }> {
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
