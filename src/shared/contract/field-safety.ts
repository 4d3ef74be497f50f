import { z } from "zod";

export const startFieldVisitBody = z.strictObject({
  caseId: z.uuid().optional().describe("The person visited, when the visit is about one case"),
  location: z.string().trim().min(1, "say where you are going").max(300),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  // A minute is allowed: a quick door knock at a risky address still deserves a safety net.
  expectedMinutes: z.number().int().min(1).max(720),
  secondOfficerId: z.uuid().optional(),
  soloOverrideReason: z.string().trim().min(1).max(500).optional().describe("Why the visit goes ahead alone despite a caution"),
});

export const fieldVisit = z
  .object({
    id: z.uuid(),
    officer: z.object({
      id: z.uuid(),
      displayName: z.string(),
      phone: z.string().nullable().describe("Null when the user record has none"),
    }),
    caseId: z.uuid().nullable(),
    location: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    startedAt: z.iso.datetime(),
    expectedEndAt: z.iso.datetime(),
    checkedOutAt: z.iso.datetime().nullable(),
    secondOfficer: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    soloOverrideReason: z.string().nullable(),
    escalationLevel: z.number().int(),
    lastEscalatedAt: z.iso.datetime().nullable().describe("When the supervisors were last alerted; null while not escalated"),
    acknowledgedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "FieldVisit" });

/** Someone who can go along as the second officer: an active officer or supervisor of the agency. */
export const colleague = z
  .object({ id: z.uuid(), displayName: z.string(), unitName: z.string().nullable(), sameUnit: z.boolean() })
  .meta({ id: "Colleague" });
