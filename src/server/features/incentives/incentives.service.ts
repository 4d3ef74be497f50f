// Incentives (issue 13 §4): positive responses recorded for a person's achievements and progress, and the
// incentive-to-sanction ratio of a case, and of a unit by officer, over a period of the agency's calendar days.
import type { z } from "zod";
import {
  type CaseIncentives,
  type Incentive,
  type IncentiveSettings,
  incentiveKindLabels,
  type incentiveSettingsBody,
  type newIncentiveBody,
  type UnitIncentives,
} from "../../../shared/contract/incentives";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { editConflict } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { closeTasksForSource } from "../tasks/tasks";
import { achievementSource } from "./incentive-events";
import { defaultTargetRatio, periodOf, ratioOf } from "./incentive-ratio";
import * as queries from "./incentives.queries";

/** The achievements the form offers: those of the last year (older ones are history, not news to acknowledge). */
const achievementsShownDays = 366;

type Settings = { targetRatio: number; agencyKinds: string[]; version: number };

async function loadSettings(tx: Queryable, agencyId: string): Promise<Settings> {
  const row = await queries.findSettings(tx, agencyId);
  return row
    ? { targetRatio: Number(row.target_ratio), agencyKinds: row.agency_kinds, version: row.version }
    : { targetRatio: defaultTargetRatio, agencyKinds: [], version: 1 };
}

export function createIncentivesService(deps: FeatureDeps) {
  async function caseFacts(tx: Queryable, caseId: string) {
    const facts = await queries.findCaseFacts(tx, caseId);
    if (!facts) throw notFound("Case");
    return facts;
  }

  return {
    /** The case's incentives, the achievements and goals an incentive may reward, and the case's ratio in the period. */
    async listForCase(context: RequestContext, caseId: string, asked: { from?: string; to?: string }): Promise<CaseIncentives> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), {
          action: "incentive.list",
          recordType: "case",
          recordId: caseId,
          details: { from: asked.from ?? null, to: asked.to ?? null },
        });
        const facts = await caseFacts(tx, caseId);
        const period = periodOf(asked, localDate(context.now, facts.time_zone));
        const settings = await loadSettings(tx, facts.agency_id);
        const counts = await queries.countOfCase(tx, { caseId, ...period, timeZone: facts.time_zone });
        const since = new Date(context.now.getTime() - achievementsShownDays * 86_400_000);
        return {
          period,
          targetRatio: settings.targetRatio,
          ratio: ratioOf(counts.incentives, counts.sanctions, settings.targetRatio),
          incentives: await queries.listIncentivesOfCase(tx, caseId),
          achievements: (await queries.listAchievementsOfCase(tx, caseId, since)).map((row) => ({
            eventId: row.event_id,
            kind: row.kind,
            occurredAt: row.occurred_at,
            goalTitle: row.goal_title,
            withdrawn: row.withdrawn,
            acknowledged: row.acknowledged,
          })),
          goals: await queries.listGoalsOfActivePlan(tx, caseId),
          agencyKinds: settings.agencyKinds,
        };
      });
    },

    /**
     * Records an incentive given on a day (not in the future), for an achievement of the case and/or a goal of its
     * plan; an incentive for an achievement closes the task that asked to acknowledge it. 409 on a closed case.
     */
    async record(context: RequestContext, caseId: string, input: z.infer<typeof newIncentiveBody>): Promise<Incentive> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.write", await loadCaseTarget(tx, caseId, true), {
          action: "incentive.recorded",
          recordType: "case",
          recordId: caseId,
          details: { kind: input.kind, eventId: input.eventId ?? null, goalId: input.goalId ?? null },
        });
        const facts = await caseFacts(tx, caseId);
        if (facts.status === "closed") {
          throw conflict("The case is closed: incentives are not recorded on a closed case.", [
            { field: "caseId", message: "case closed" },
          ]);
        }
        const settings = await loadSettings(tx, facts.agency_id);
        const agencyKind = input.kind === "agency_defined" ? (input.agencyKind ?? null) : null;
        if (input.kind === "agency_defined" && !agencyKind) {
          throw badRequest("Say which of the agency's own incentives it is.", [{ field: "agencyKind", message: "required" }]);
        }
        if (agencyKind && !settings.agencyKinds.includes(agencyKind)) {
          throw badRequest(`"${agencyKind}" is not one of the agency's incentives.`, [
            { field: "agencyKind", message: "not the agency's" },
          ]);
        }
        if (input.kind !== "agency_defined" && input.agencyKind) {
          throw badRequest(`Name an incentive of the agency's own only with "${incentiveKindLabels.agency_defined}".`, [
            { field: "agencyKind", message: "only for the agency's own" },
          ]);
        }
        if (input.givenOn > localDate(context.now, facts.time_zone)) {
          throw badRequest("The incentive cannot be given on a day still to come.", [{ field: "givenOn", message: "in the future" }]);
        }
        let goalId = input.goalId ?? null;
        const eventId = input.eventId ?? null;
        if (eventId) {
          const achievement = await queries.findAchievementOfCase(tx, eventId, caseId);
          if (!achievement) {
            throw badRequest("That achievement is not one of this case's.", [{ field: "eventId", message: "not this case's" }]);
          }
          if (achievement.withdrawn) {
            throw badRequest("That achievement was withdrawn.", [{ field: "eventId", message: "withdrawn" }]);
          }
          // A goal completed rewards its goal too, unless another goal was named.
          goalId ??= achievement.goal_id;
        }
        if (goalId && !(await queries.goalOfCaseExists(tx, goalId, caseId))) {
          throw badRequest("That goal is not one of this case's plan.", [{ field: "goalId", message: "not this case's" }]);
        }
        const id = await queries.insertIncentive(tx, {
          agencyId: facts.agency_id,
          caseId,
          kind: input.kind,
          agencyKind,
          givenOn: input.givenOn,
          note: input.note || null,
          eventId,
          goalId,
          by: actor.userId,
          now: context.now,
        });
        if (eventId) {
          await closeTasksForSource(tx, {
            ...achievementSource(eventId),
            kinds: ["acknowledge_achievement"],
            status: "done",
            reason: `Incentive recorded: ${agencyKind ?? incentiveKindLabels[input.kind]}`,
            by: actor.userId,
            now: context.now,
          });
        }
        return (await queries.listIncentivesOfCase(tx, caseId, id))[0]!;
      });
    },

    /**
     * A unit's ratio over a period, in total and for each of its officers (the incentives they recorded and the
     * sanctions they chose on the unit's cases): for the unit's supervisors.
     */
    async unit(context: RequestContext, asked: { unitId?: string; from?: string; to?: string }): Promise<UnitIncentives> {
      const actor = signedInActor(context);
      const unitId = asked.unitId ?? actor.unitId;
      if (!unitId) throw badRequest("Say which unit: you belong to none.", [{ field: "unitId", message: "required" }]);
      return guarded(deps, context, async ({ tx, authorize, visible }) => {
        const unit = await queries.findUnit(tx, unitId);
        if (!unit) throw notFound("Unit");
        const event = { action: "incentive.unit_ratio", recordType: "unit", recordId: unitId, details: asked } as const;
        authorize("unit.incentives_read", { agencyId: unit.agency_id, unitId }, event);
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 5, event);
        const period = periodOf(asked, localDate(context.now, unit.time_zone));
        const settings = await loadSettings(tx, unit.agency_id);
        const counts = await queries.countOfUnitByStaff(tx, { unitId, ...period, timeZone: unit.time_zone, filter });
        const byUser = new Map(counts.filter((row) => row.user_id).map((row) => [row.user_id!, row]));
        const staff = await queries.listStaffForUnit(tx, unitId, [...byUser.keys()]);
        const officers = staff
          // The unit's officers always; anyone else (a supervisor, an officer since moved) only when they counted.
          .filter((person) => person.officer_of_unit || byUser.has(person.id))
          .map((person) => {
            const row = byUser.get(person.id);
            return {
              officerId: person.id,
              officerName: person.display_name,
              ...ratioOf(row?.incentives ?? 0, row?.sanctions ?? 0, settings.targetRatio),
            };
          });
        const total = counts.reduce((sum, row) => ({ i: sum.i + row.incentives, s: sum.s + row.sanctions }), { i: 0, s: 0 });
        return {
          unitId,
          unitName: unit.name,
          period,
          targetRatio: settings.targetRatio,
          unit: ratioOf(total.i, total.s, settings.targetRatio),
          officers,
        };
      });
    },

    async settings(context: RequestContext): Promise<IncentiveSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "condition_catalogue.read",
          { agencyId: actor.agencyId },
          { action: "incentive_settings.read", recordType: "agency", recordId: actor.agencyId },
        );
        return loadSettings(tx, actor.agencyId);
      });
    },

    /** The agency's target ratio and its own incentives (administrators). */
    async setSettings(context: RequestContext, input: z.infer<typeof incentiveSettingsBody>): Promise<IncentiveSettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "violation_settings.manage",
          { agencyId: actor.agencyId },
          {
            action: "incentive_settings.changed",
            recordType: "agency",
            recordId: actor.agencyId,
            details: { targetRatio: input.targetRatio, agencyKinds: input.agencyKinds.join(", ") },
          },
        );
        const kinds = input.agencyKinds.map((kind) => kind.trim());
        const twice = kinds.findIndex((kind, index) => kinds.indexOf(kind) !== index);
        if (twice >= 0) {
          throw badRequest(`"${kinds[twice]}" is listed twice.`, [{ field: `agencyKinds.${twice}`, message: "listed twice" }]);
        }
        const saved = await queries.saveSettings(tx, {
          agencyId: actor.agencyId,
          // Stored to one decimal, as the column keeps it.
          targetRatio: Math.round(input.targetRatio * 10) / 10,
          agencyKinds: kinds,
          expectedVersion: input.expectedVersion,
          by: actor.userId,
          now: context.now,
        });
        if (!saved) {
          const editor = await queries.findSettingsEditor(tx, actor.agencyId);
          throw editConflict("incentive settings", editor.changed_by, new Date(editor.updated_at ?? context.now), editor.time_zone);
        }
        return loadSettings(tx, actor.agencyId);
      });
    },
  };
}

export type IncentivesService = ReturnType<typeof createIncentivesService>;
