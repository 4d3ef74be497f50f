import type { z } from "zod";
import {
  type FairnessReport,
  type fairnessQuery,
  type RaceEthnicityCategory,
  type RaceEthnicityRecord,
  type raceEthnicityBody,
  restrictiveResponses,
  smallestCellShown,
} from "../../../shared/contract/fairness";
import { addDays, daysBetween, localDate } from "../../../shared/time/calendar-date";
import { loadPersonCaseTargets } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { maxPeriodDays } from "../incentives/incentive-ratio";
import { findAgencyTimeZone } from "../violations/violations.queries";
import { ageBand, ageOn, fairnessCells, type RespondedViolation, raceEthnicityGroup, sexGroup } from "./fairness";
import * as queries from "./fairness.queries";

const groupers: Record<z.infer<typeof fairnessQuery>["dimension"], (row: queries.RespondedViolationRow) => string> = {
  race_ethnicity: (row) =>
    raceEthnicityGroup(
      row.declined === null ? null : { declined: row.declined, categories: (row.categories ?? []) as RaceEthnicityCategory[] },
    ),
  sex: (row) => sexGroup(row.sex),
  age_band: (row) => ageBand(ageOn(row.date_of_birth, row.occurred_on)),
};

export function createFairnessService(deps: FeatureDeps) {
  return {
    /** The person's self-reported race and ethnicity: read on its own, by those who may read their case, audited. */
    async raceEthnicity(context: RequestContext, personId: string): Promise<RaceEthnicityRecord> {
      return guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        authorizeAny("race_ethnicity.read", targets, { action: "person.race_ethnicity_read", recordType: "person", recordId: personId });
        const row = await queries.findRaceEthnicity(tx, personId);
        if (!row) return { recorded: false, declined: false, categories: [], recordedBy: null, recordedAt: null, version: null };
        return {
          recorded: true,
          declined: row.declined,
          categories: row.categories as RaceEthnicityCategory[],
          recordedBy: row.recorded_by,
          recordedAt: new Date(row.recorded_at).toISOString(),
          version: row.version,
        };
      });
    },

    /** Records (or corrects, from the version read) what the person reported, or that they declined. */
    async recordRaceEthnicity(context: RequestContext, personId: string, body: z.infer<typeof raceEthnicityBody>): Promise<void> {
      const actor = signedInActor(context);
      await guarded(deps, context, async ({ tx, authorizeAny }) => {
        const targets = await loadPersonCaseTargets(tx, personId);
        if (targets.length === 0) throw notFound("Person");
        authorizeAny("race_ethnicity.record", targets, {
          action: "person.race_ethnicity_record",
          recordType: "person",
          recordId: personId,
          details: { declined: body.declined, categories: body.categories.length },
        });
        const existing = await queries.findRaceEthnicity(tx, personId);
        const categories = [...body.categories].sort();
        if (!existing) {
          if (body.expectedVersion !== undefined)
            throw conflict("Nothing was recorded for this person yet: reload the page.", [
              { field: "expectedVersion", message: "nothing recorded yet" },
            ]);
          await queries.insertRaceEthnicity(tx, {
            personId,
            agencyId: actor.agencyId,
            declined: body.declined,
            categories,
            by: actor.userId,
            now: context.now,
          });
          return;
        }
        if (body.expectedVersion === undefined)
          throw badRequest("Send the version you read (expectedVersion) to correct what is recorded.", [
            { field: "expectedVersion", message: "required when an answer is recorded" },
          ]);
        await claimVersion(tx, {
          table: "person_race_ethnicity",
          id: existing.id,
          expectedVersion: body.expectedVersion,
          actorId: actor.userId,
          now: context.now,
          what: "race and ethnicity",
        });
        await queries.updateRaceEthnicity(tx, { id: existing.id, declined: body.declined, categories });
      });
    },

    /**
     * For the supervisor's unit: violations with a response in effect in the period, by violation severity and risk
     * level, how often each group's met a restrictive response; small groups suppressed.
     */
    async report(context: RequestContext, query: z.infer<typeof fairnessQuery>): Promise<FairnessReport> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("fairness.read", { agency: "c.agency_id", unit: "c.unit_id" }, 1, {
          action: "fairness.report",
          recordType: "unit",
          details: { dimension: query.dimension, ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) },
        });
        const today = localDate(context.now, (await findAgencyTimeZone(tx, actor.agencyId)) ?? "UTC");
        const to = query.to ?? today;
        const from = query.from ?? addDays(to, -365);
        if (from > to) throw badRequest("The period ends before it starts.", [{ field: "from", message: "after the end of the period" }]);
        if (to > today) throw badRequest("The period cannot end after today.", [{ field: "to", message: "after today" }]);
        // As the incentive ratio: a measure of current practice, not of a career.
        if (daysBetween(from, to) > maxPeriodDays)
          throw badRequest("Choose a period of at most five years.", [{ field: "from", message: "more than five years before the end" }]);
        const rows = await queries.respondedViolations(tx, { filter, from, to, restrictive: restrictiveResponses });
        const violations: RespondedViolation[] = rows.map((row) => ({
          group: groupers[query.dimension](row),
          severity: row.severity,
          riskLevel: row.risk_level,
          restrictive: row.restrictive,
        }));
        return {
          dimension: query.dimension,
          from,
          to,
          smallestCellShown,
          restrictiveResponses: [...restrictiveResponses],
          cells: fairnessCells(violations),
        };
      });
    },
  };
}

export type FairnessService = ReturnType<typeof createFairnessService>;
