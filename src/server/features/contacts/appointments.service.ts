import type { z } from "zod";
import type {
  Appointment,
  appointmentBody,
  calendarQuery,
  cancelBody,
  outcomeCorrectionBody,
  rescheduleBody,
} from "../../../shared/contract/contacts";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import type { Actor, Role } from "../../platform/access/policy";
import { type PlatformDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { raiseEvent, withdrawEvents } from "../../platform/events/supervision-events";
import { randomToken, sha256Hex } from "../../platform/secrets";
import { closeTasksForSource, createCaseOfficerTasks, moveTasksForSource } from "../tasks/tasks";
import * as queries from "./appointments.queries";

const maxCalendarDays = 92;

function checkTimes(context: RequestContext, input: { startsAt: string; endsAt: string }) {
  const starts = new Date(input.startsAt).getTime();
  const ends = new Date(input.endsAt).getTime();
  if (starts < context.now.getTime())
    throw badRequest("A new appointment cannot start in the past.", [{ field: "startsAt", message: "in the past" }]);
  if (ends <= starts) throw badRequest("The appointment ends before it starts.", [{ field: "endsAt", message: "not after startsAt" }]);
  if (ends - starts > 12 * 3_600_000)
    throw badRequest("An appointment lasts at most 12 hours.", [{ field: "endsAt", message: "more than 12 hours after startsAt" }]);
}

async function findAppointment(tx: Queryable, id: string): Promise<Appointment> {
  const appointment = await queries.findAppointment(tx, id);
  if (!appointment) throw notFound("Appointment");
  return appointment;
}

/** iCalendar text (RFC 5545): lines end in CRLF, text values escape \\ ; , and newlines. */
export function toIcs(events: { id: string; startsAt: string; endsAt: string; summary: string; status: string }[], now: Date): string {
  const stamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const escapeText = (value: string) => value.replace(/[\\;,]/g, (match) => `\\${match}`).replace(/\n/g, "\\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Waypoint//Supervision calendar//EN",
    "CALSCALE:GREGORIAN",
    "X-WR-CALNAME:Waypoint appointments",
  ];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.id}@waypoint`,
      `DTSTAMP:${stamp(now.toISOString())}`,
      `DTSTART:${stamp(event.startsAt)}`,
      `DTEND:${stamp(event.endsAt)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `STATUS:${event.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}

const typeWords: Record<string, string> = {
  office_visit: "Office visit",
  scheduled_home_visit: "Home visit",
  field_visit: "Field visit",
  employment_visit: "Employment visit",
  phone: "Phone contact",
  video: "Video contact",
};

type BookedAppointment = { appointmentId: string; caseId: string; startsAt: Date | string; by: string };

/**
 * Booked appointments are tasks of their cases' officers, each due on its day in the agency's time zone and closed
 * when its outcome is recorded: made in one statement however many (the demo's calendar loads hundreds at once).
 * Answers the new tasks' ids (an appointment whose task already stands gets none).
 */
export async function createAppointmentTasks(tx: Queryable, appointments: readonly BookedAppointment[], now: Date): Promise<string[]> {
  const created = await createCaseOfficerTasks(tx, {
    kind: "appointment",
    sourceType: "appointment",
    tasks: appointments.map((appointment) => ({
      caseId: appointment.caseId,
      sourceId: appointment.appointmentId,
      sourceOccurredAt: appointment.startsAt,
      by: appointment.by,
    })),
    by: null,
    now,
  });
  return created.map((task) => task.id);
}

/** A booked appointment's task (createAppointmentTasks for one). */
export async function createAppointmentTask(tx: Queryable, input: BookedAppointment & { now: Date }): Promise<string | null> {
  return (await createAppointmentTasks(tx, [input], input.now))[0] ?? null;
}

export function createAppointmentsService(deps: PlatformDeps) {
  return {
    async schedule(context: RequestContext, caseId: string, input: z.infer<typeof appointmentBody>): Promise<Appointment> {
      const actor = signedInActor(context);
      checkTimes(context, input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "appointment.schedule",
          recordType: "case",
          recordId: caseId,
          details: { appointmentType: input.appointmentType },
        });
        // The officer who books it meets the person; a supervisor books for the supervising officer.
        const officerId = target.officerIds.includes(actor.userId) ? actor.userId : target.officerIds[0]!;
        const id = await queries.insertAppointment(tx, {
          caseId,
          officerId,
          appointmentType: input.appointmentType,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          location: input.location ?? null,
          createdBy: actor.userId,
          now: context.now,
        });
        await createAppointmentTask(tx, { appointmentId: id, caseId, startsAt: input.startsAt, by: actor.userId, now: context.now });
        return findAppointment(tx, id);
      });
    },

    async reschedule(context: RequestContext, id: string, input: z.infer<typeof rescheduleBody>): Promise<Appointment> {
      checkTimes(context, input);
      return changeScheduled(context, id, input.expectedVersion, "appointment.reschedule", async (tx) => {
        await queries.rescheduleAppointment(
          tx,
          id,
          { startsAt: input.startsAt, endsAt: input.endsAt, location: input.location ?? null },
          context.now,
        );
        await moveTasksForSource(tx, { sourceType: "appointment", sourceId: id, kinds: ["appointment"], occurredAt: input.startsAt });
      });
    },

    async cancel(context: RequestContext, id: string, input: z.infer<typeof cancelBody>): Promise<Appointment> {
      return changeScheduled(context, id, input.expectedVersion, "appointment.cancel", async (tx) => {
        await queries.cancelAppointment(tx, id, input.reason, context.now);
        await closeTasksForSource(tx, {
          sourceType: "appointment",
          sourceId: id,
          kinds: ["appointment"],
          status: "dismissed",
          reason: `Appointment cancelled: ${input.reason}`.slice(0, 500),
          by: context.actor?.userId ?? null,
          now: context.now,
        });
      });
    },

    /**
     * Corrects a finished appointment's outcome. Corrected to completed, its missed-appointment event (and the no-show
     * or refusal of the contact that recorded it) is withdrawn, so every consumer is told; corrected to missed, the
     * event is raised. The contact itself stays as it was recorded; the correction and its reason are audited.
     */
    async correctOutcome(context: RequestContext, id: string, input: z.infer<typeof outcomeCorrectionBody>): Promise<Appointment> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const row = await queries.lockAppointment(tx, id);
        if (!row) throw notFound("Appointment");
        authorize("case.write", await loadCaseTarget(tx, row.case_id, true), {
          action: "appointment.outcome_corrected",
          recordType: "appointment",
          recordId: id,
          details: { from: row.status, to: input.status, reason: input.reason },
        });
        if (row.status !== "completed" && row.status !== "missed")
          throw conflict(`This appointment is ${row.status}; only a completed or missed appointment's outcome can be corrected.`);
        if (row.status === input.status)
          throw conflict(`This appointment is already ${row.status}.`, [{ field: "status", message: `already ${row.status}` }]);
        await claimVersion(tx, {
          table: "appointment",
          id,
          expectedVersion: input.expectedVersion,
          actorId: context.actor?.userId ?? null,
          now: context.now,
          what: "appointment",
        });
        const corrected = await queries.setAppointmentOutcome(tx, id, input.status, context.now);
        // Words, not the status code: it becomes the reason of the follow-up tasks the withdrawal dismisses.
        const reason = `Outcome corrected to ${input.status === "completed" ? "attended" : "missed"}: ${input.reason}`;
        if (input.status === "completed") {
          await withdrawEvents(tx, { sourceType: "appointment", sourceId: id, kinds: ["missed_appointment"], reason, now: context.now });
          if (corrected.contact_id) {
            await withdrawEvents(tx, {
              sourceType: "contact",
              sourceId: corrected.contact_id,
              kinds: ["contact_no_show", "contact_refused"],
              reason,
              now: context.now,
            });
          }
        } else {
          await raiseEvent(tx, {
            caseId: row.case_id,
            kind: "missed_appointment",
            sourceType: "appointment",
            sourceId: id,
            occurredAt: corrected.starts_at,
            details: { corrected: true, contactId: corrected.contact_id },
            now: context.now,
          });
        }
        return findAppointment(tx, id);
      });
    },

    async forCase(context: RequestContext, caseId: string, upcomingOnly: boolean): Promise<Appointment[]> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "appointment.list", recordType: "case", recordId: caseId });
        return queries.listAppointmentsOfCase(tx, caseId, upcomingOnly, context.now);
      });
    },

    /**
     * An officer's calendar for a range: their own, or, for a supervisor, an officer of their unit (calendar.read).
     * The entries are appointments of cases, so they are limited to the cases the viewer may read (case.read).
     */
    async calendar(context: RequestContext, query: z.infer<typeof calendarQuery>): Promise<Appointment[]> {
      const actor = signedInActor(context);
      const officerId = query.officerId ?? actor.userId;
      const from = new Date(query.from);
      const to = new Date(query.to);
      if (to <= from) throw badRequest("The range ends before it starts.", [{ field: "to", message: "not after from" }]);
      if (to.getTime() - from.getTime() > maxCalendarDays * 86_400_000)
        throw badRequest(`Ask for at most ${maxCalendarDays} days at a time.`, [{ field: "to", message: "range too long" }]);
      return guarded(deps, context, async ({ tx, authorize, visible }) => {
        const officer = await queries.findUserPlacement(tx, officerId);
        if (!officer) throw notFound("Officer");
        const event = { action: "appointment.calendar", recordType: "user", recordId: officerId } as const;
        authorize("calendar.read", { agencyId: officer.agency_id, unitId: officer.unit_id, userId: officerId }, event);
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, event);
        return queries.calendarEntries(tx, filter, officerId, from, to);
      });
    },

    /**
     * A new secret feed URL for the signed-in officer's calendar app; the old one stops working. The address is
     * built from PUBLIC_URL, never from the request's Host header (which a client or proxy can set).
     */
    async rotateFeed(context: RequestContext): Promise<{ url: string }> {
      const actor = signedInActor(context);
      const token = randomToken();
      await guarded(deps, context, async ({ tx, record }) => {
        await queries.replaceFeedToken(tx, actor.userId, sha256Hex(token), context.now);
        record({
          action: "calendar_feed.rotated",
          outcome: "allowed",
          recordType: "user",
          recordId: actor.userId,
          justification: "own account",
        });
      });
      return { url: `${deps.config.publicUrl}/api/calendar/${token}.ics` };
    },

    /**
     * The subscription feed: no session (calendar apps cannot sign in), so it carries only initials and the
     * appointment type, from 30 days back to 90 days ahead. Each fetch is audited.
     */
    async feed(context: RequestContext, token: string): Promise<string> {
      const owner = await queries.findFeedOwner(deps.db, sha256Hex(token));
      if (!owner) throw notFound("Calendar feed");
      // The feed reads as its owner, with their current roles: the same case.read limit as their calendar page.
      const actor: Actor = {
        userId: owner.id,
        username: owner.username,
        displayName: owner.display_name,
        agencyId: owner.agency_id,
        unitId: owner.unit_id,
        roles: owner.roles as Role[],
        sessionRef: "calendar-feed",
      };
      const feedContext: RequestContext = {
        ...context,
        actor,
        source: { ...context.source, agencyId: owner.agency_id, actorUserId: owner.id, actorUsername: owner.username },
      };
      return guarded(deps, feedContext, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "calendar_feed.read",
          recordType: "user",
          recordId: owner.id,
        });
        const rows = await queries.feedEntries(tx, filter, owner.id, context.now);
        return toIcs(
          rows.map((row) => ({
            id: row.id,
            startsAt: row.starts_at.toISOString(),
            endsAt: row.ends_at.toISOString(),
            summary: `${row.initials} — ${typeWords[row.appointment_type] ?? "Appointment"}`,
            status: row.status,
          })),
          context.now,
        );
      });
    },
  };

  async function changeScheduled(
    context: RequestContext,
    id: string,
    expectedVersion: number,
    action: string,
    change: (tx: Queryable) => Promise<unknown>,
  ): Promise<Appointment> {
    return guarded(deps, context, async ({ tx, authorize }) => {
      const row = await queries.lockAppointment(tx, id);
      if (!row) throw notFound("Appointment");
      const target = await loadCaseTarget(tx, row.case_id, true);
      authorize("case.write", target, { action, recordType: "appointment", recordId: id });
      if (row.status !== "scheduled") throw conflict(`This appointment is ${row.status} and cannot be changed.`);
      // Two people moving or cancelling the same appointment: the later one, based on the older version, gets a 409.
      await claimVersion(tx, {
        table: "appointment",
        id,
        expectedVersion,
        actorId: context.actor?.userId ?? null,
        now: context.now,
        what: "appointment",
      });
      await change(tx);
      return findAppointment(tx, id);
    });
  }
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
