import { z } from "zod";
import { roleSchema, usernameSchema } from "./auth";

export const unit = z.object({ id: z.uuid(), name: z.string(), userCount: z.number().int() }).meta({ id: "Unit" });
export type Unit = z.infer<typeof unit>;

export const unitBody = z.strictObject({ name: z.string().trim().min(1, "enter a name").max(120) });

export const user = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
    // A work phone, shown to a supervisor on the escalation card of an overdue field visit.
    phone: z.string().nullable(),
    status: z.enum(["active", "locked", "disabled"]),
    mfaEnrolled: z.boolean(),
    lastSignInAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "User" });
export type User = z.infer<typeof user>;

const roleList = z.array(roleSchema).min(1, "choose at least one role").max(4);

/** A staff member's work phone: digits and the usual punctuation, an optional extension; blank or null clears it. */
export const staffPhone = z
  .string()
  .trim()
  .max(40, "use at most 40 characters")
  .regex(/^$|^\+?[\d\s().-]{7,30}(\s*(x|ext\.?)\s*\d{1,6})?$/i, "enter a phone number, such as (555) 010-0111")
  .nullable();

export const createUserBody = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1, "enter a name").max(120),
  roles: roleList,
  unitId: z.uuid().nullable(),
  phone: staffPhone.optional(),
});

export const createUserResponse = z.object({
  user,
  temporaryPassword: z.string().describe("Shown once; the user must change it at first sign-in"),
});

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1, "enter a name").max(120).optional(),
  roles: roleList.optional(),
  unitId: z.uuid().nullable().optional(),
  phone: staffPhone.optional(),
});

export const userAction = z.enum(["disable", "enable", "release-lockout", "reset-mfa", "reset-password"]);
export type UserAction = z.infer<typeof userAction>;

export const userActionResponse = z.object({
  user,
  temporaryPassword: z.string().optional(),
});

export const agencySettings = z
  .object({
    name: z.string(),
    lockoutReleaseMinutes: z.number().int().positive().nullable(),
    passwordMaxAgeDays: z.number().int().positive().nullable(),
    // Field safety: minutes between escalation levels of an overdue field visit.
    fieldEscalationMinutes: z.number().int().min(1).max(240),
    // Who else is told when an officer does not check out (duty supervisor, dispatch); null: nobody else.
    dutyContactUserId: z.uuid().nullable(),
    // Testing: whether a missed or refused test (and a dilute one) counts as a positive one.
    missedTestCountsAsPositive: z.boolean(),
    // Testing: whether the supervisors of the case's unit are told too (the case's officer always is).
    notifyUnitSupervisorOfTests: z.boolean(),
    // Today: how many stops, highest priority first, the day's route starts with.
    routeStopLimit: z.number().int().min(1).max(40),
    // Electronic monitoring: the radius (metres) of the home zone a curfew condition makes.
    monitoringHomeRadiusMeters: z.number().int().min(10).max(2_000),
  })
  .meta({ id: "AgencySettings" });
export type AgencySettings = z.infer<typeof agencySettings>;

export const agencySettingsBody = z.strictObject({
  lockoutReleaseMinutes: z.number().int().min(1).max(10_080).nullable().optional(),
  passwordMaxAgeDays: z.number().int().min(1).max(3_650).nullable().optional(),
  fieldEscalationMinutes: z.number().int().min(1).max(240).optional(),
  dutyContactUserId: z.uuid().nullable().optional(),
  missedTestCountsAsPositive: z.boolean().optional(),
  notifyUnitSupervisorOfTests: z.boolean().optional(),
  routeStopLimit: z.number().int().min(1).max(40).optional(),
  monitoringHomeRadiusMeters: z.number().int().min(10).max(2_000).optional(),
});
