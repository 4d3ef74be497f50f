import { z } from "zod";

export const roleSchema = z.enum(["officer", "supervisor", "admin", "auditor"]);
export type Role = z.infer<typeof roleSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, "use 2 to 64 letters, digits, dots, dashes or underscores");

// No composition rules and no truncation (CJIS IA-5(1)(a), ASVS 6.2.5); the policy is checked on the server.
export const passwordSchema = z.string().min(1, "enter a password").max(1024, "must be at most 1024 characters");

export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "enter the 6-digit code from your authenticator app");

export const signInRequest = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, "enter your username").max(64),
  password: passwordSchema,
  acknowledgedUseNotice: z.literal(true, "acknowledge the system use notice to sign in"),
});

export const nextStep = z.enum(["change-password", "enroll-mfa", "verify-mfa", "done"]);
export type NextStep = z.infer<typeof nextStep>;
/** The answer of each sign-in step: what the user must do next. */
export const nextStepResponse = z.object({ next: nextStep });

export const currentUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
    agencyName: z.string(),
    // The agency's IANA time zone: the browser shows "today" and agency dates in it, never its own.
    agencyTimeZone: z.string(),
  })
  .meta({ id: "CurrentUser" });
export type CurrentUser = z.infer<typeof currentUser>;

export const sessionResponse = z
  .object({
    next: nextStep,
    user: currentUser,
    csrfToken: z.string(),
    idleTimeoutSeconds: z.number().int(),
  })
  .meta({ id: "Session" });
export type SessionResponse = z.infer<typeof sessionResponse>;

/**
 * Whether this browser holds a session and, when it is still valid, the session itself (what GET /session answers),
 * so a page load needs one request, not two. An ended one (expired, disabled) comes without it: GET /session then
 * ends it and says why.
 */
export const sessionStatus = z.object({ signedIn: z.boolean(), session: sessionResponse.optional() }).meta({ id: "SessionStatus" });
export type SessionStatus = z.infer<typeof sessionStatus>;

export const mfaEnrollment = z.object({
  otpauthUri: z.string(),
  secret: z.string().describe("Base32 secret for manual entry"),
  qrCodeSvg: z.string().describe("The otpauth URI as an SVG QR code"),
});
export type MfaEnrollment = z.infer<typeof mfaEnrollment>;

export const mfaCodeRequest = z.strictObject({ code: totpCodeSchema });

export const changePasswordRequest = z.strictObject({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});
