import type { z } from "zod";
import type { intakeBody, PersonRecord, personUpdateBody } from "../../../shared/contract/people";
import { loadPersonCaseTargets, requireActiveOfficer } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { scheduleInitialAssessment } from "../assessments/assessment-schedule";
import { shippedInstruments } from "../assessments/instruments";
import { refreshStandings } from "../contacts/contact-standing";
import * as queries from "./people.queries";
import { insertAddress } from "./person-details.service";

export function createPeopleService(deps: FeatureDeps) {
  return {
    /** Intake: a new person with their first supervision case, in the actor's unit. */
    async intake(context: RequestContext, input: z.infer<typeof intakeBody>): Promise<{ personId: string; caseId: string }> {
      const actor = signedInActor(context);
      const supervision = input.case;
      const today = context.now.toISOString().slice(0, 10);
      if (input.person.dateOfBirth > today)
        throw badRequest("The date of birth is in the future.", [{ field: "person.dateOfBirth", message: "in the future" }]);
      if (supervision.expectedEnd && supervision.expectedEnd < supervision.supervisionStart) {
        throw badRequest("The expected end date is before the supervision start date.", [
          { field: "case.expectedEnd", message: "before supervisionStart" },
        ]);
      }
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "case.create",
          { agencyId: actor.agencyId, unitId: actor.unitId },
          { action: "case.create", recordType: "case", details: { caseNumber: supervision.caseNumber } },
        );
        const officerId = supervision.officerId ?? (actor.roles.includes("officer") ? actor.userId : undefined);
        if (!officerId) throw badRequest("Choose the supervising officer.", [{ field: "case.officerId", message: "required" }]);
        const officer = await requireActiveOfficer(
          tx,
          officerId,
          actor.agencyId,
          "case.officerId",
          "The supervising officer must be an active officer.",
        );
        if (officer.unitId !== actor.unitId) {
          throw badRequest("The supervising officer must belong to your unit; transfer the case afterwards to move it.", [
            { field: "case.officerId", message: "another unit" },
          ]);
        }
        const clashes = await queries.findIdentifierClashes(tx, actor.agencyId, input);
        if (clashes.length > 0) {
          throw conflict(`Already in use: ${clashes.map((clash) => clash.field).join(", ")}.`, clashes);
        }
        const personId = await queries.insertPerson(tx, actor.agencyId, input.person);
        const caseId = await queries.insertCase(tx, {
          agencyId: actor.agencyId,
          personId,
          unitId: officer.unitId,
          officerId,
          assignedBy: actor.userId,
          now: context.now,
          supervision,
        });
        if (input.address) {
          const { kind, shelterName, locationNote, line1, line2, city, state, postalCode, latitude, longitude } = input.address;
          await insertAddress(tx, personId, {
            kind,
            shelterName,
            locationNote,
            line1,
            line2,
            city,
            state,
            postalCode,
            latitude,
            longitude,
            movedIn: input.address.movedIn ?? supervision.supervisionStart,
          });
        }
        // A new case's standing exists from its first day, with its contact_due tasks when one is due already.
        await refreshStandings(tx, actor.agencyId, [caseId], context.now, actor.userId);
        // The first risk and needs assessment is due within the configured working days of the supervision start.
        await scheduleInitialAssessment(tx, shippedInstruments().supervision, {
          caseId,
          supervisionStart: supervision.supervisionStart,
          by: actor.userId,
          now: context.now,
        });
        return { personId, caseId };
      });
    },

    /**
     * Corrects the person's own fields (name, date of birth, identifiers, contact details). Given the version it
     * was made on, a change after someone else's is a 409 naming who and when, never a silent overwrite.
     */
    async update(context: RequestContext, personId: string, input: z.infer<typeof personUpdateBody>): Promise<void> {
      const { expectedVersion, ...given } = input;
      const blank = (value: string | null | undefined) => value || null;
      return guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        const current = await queries.findPersonFields(tx, personId);
        if (!current) throw notFound("Person");
        const fields: queries.PersonFields = {
          ...given,
          middleName: blank(given.middleName),
          sex: given.sex ?? null,
          stateId: blank(given.stateId),
          fbiNumber: blank(given.fbiNumber),
          phone: blank(given.phone),
          email: blank(given.email),
          languages: given.languages ?? current.languages,
        };
        const changed = (Object.keys(fields) as (keyof queries.PersonFields)[]).filter(
          (field) => JSON.stringify(fields[field] ?? null) !== JSON.stringify(current[field] ?? null),
        );
        authorizeAny("case.write", targets, {
          action: "person.updated",
          recordType: "person",
          recordId: personId,
          details: { fields: changed.join(",") },
        });
        if (fields.dateOfBirth > context.now.toISOString().slice(0, 10))
          throw badRequest("The date of birth is in the future.", [{ field: "dateOfBirth", message: "in the future" }]);
        const clashes = await queries.findIdentifierClashesOfPerson(tx, current.agency_id, personId, fields);
        if (clashes.length > 0) throw conflict(`Already in use: ${clashes.map((clash) => clash.field).join(", ")}.`, clashes);
        // After authorisation (a 409 must not reveal a record the actor may not read) and the checks of the body.
        await claimVersion(tx, {
          table: "person",
          id: personId,
          expectedVersion,
          actorId: signedInActor(context).userId,
          now: context.now,
          what: "person's record",
        });
        await queries.updatePerson(tx, personId, fields);
      });
    },

    /** The person page: everything about their supervision, visible through any of their cases. */
    async getRecord(context: RequestContext, personId: string): Promise<PersonRecord> {
      return guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        authorizeAny("case.read", targets, { action: "person.read", recordType: "person", recordId: personId });
        return (await queries.loadPersonRecord(tx, personId)) as PersonRecord;
      });
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
