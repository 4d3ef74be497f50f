import type { MfaEnrollment, NextStep, SessionResponse, SessionStatus } from "../../../shared/contract/auth";
import { guarded, writeAuditNow } from "../../platform/access/guarded";
import { sessionEndReason, touchSessionIfDue } from "../../platform/auth/authenticate";
import {
  createSession,
  deleteSession,
  deleteUserSessions,
  type LoadedSession,
  loadSession,
  nextStepFor,
  sessionRef,
} from "../../platform/auth/sessions";
import type { PlatformDeps, RequestContext } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { AppError, badRequest } from "../../platform/errors";
import * as queries from "./auth.queries";
import { hashPassword, passwordProblem, spendVerificationTime, verifyPassword } from "./password-policy";
import { matchTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp";

// CJIS AC-7: 5 invalid attempts within 15 minutes lock the account.
export const maxFailedAttempts = 5;
export const failureWindowMinutes = 15;

const wrongCredentials = () => new AppError("unauthenticated", "The username or password is not correct.");
const lockedMessage = (releaseMinutes: number | null) =>
  new AppError(
    "locked",
    releaseMinutes
      ? `This account is locked after too many failed sign-in attempts. Try again in ${releaseMinutes} minutes or ask an administrator to release it.`
      : "This account is locked after too many failed sign-in attempts. Ask an administrator to release it.",
  );

export type NewSession = { token: string; next: NextStep };

export function createAuthService(deps: PlatformDeps) {
  const withSource = (context: RequestContext, user: { id: string; username: string; agencyId: string }, tokenHash?: string) => ({
    ...context,
    source: {
      ...context.source,
      agencyId: user.agencyId,
      actorUserId: user.id,
      actorUsername: user.username,
      sessionRef: tokenHash ? sessionRef(tokenHash) : context.source.sessionRef,
    },
  });

  /** A failed attempt counts toward lockout; the 5th locks the account. Returns the error to send. */
  async function failAttempt(context: RequestContext, credentials: queries.CredentialRow, action: string, reason: string) {
    const now = context.now;
    const userContext = withSource(context, { id: credentials.id, username: credentials.username, agencyId: credentials.agency_id });
    const lockedNow = await guarded(deps, userContext, async ({ tx, record }) => {
      await queries.lockCredentials(tx, credentials.id);
      const failures = await queries.recordFailure(tx, credentials.id, now, failureWindowMinutes);
      record({ action, outcome: "failed", recordType: "user", recordId: credentials.id, details: { reason, failures } });
      if (failures < maxFailedAttempts) return false;
      await queries.setLocked(tx, credentials.id, now);
      await deleteUserSessions(tx, credentials.id);
      record({ action: "auth.lockout", outcome: "allowed", recordType: "user", recordId: credentials.id, details: { failures } });
      return true;
    });
    if (lockedNow) deps.log.warn({ alert: "account_locked", userId: credentials.id }, "account locked after failed sign-ins");
    return lockedNow ? lockedMessage(credentials.lockout_release_minutes) : null;
  }

  /** Locked and not yet past the agency's automatic release time. Releases it when the time has come. */
  async function stillLocked(context: RequestContext, credentials: queries.CredentialRow): Promise<boolean> {
    if (!credentials.locked_at) return false;
    const releaseMinutes = credentials.lockout_release_minutes;
    if (releaseMinutes === null || context.now.getTime() - credentials.locked_at.getTime() < releaseMinutes * 60_000) {
      return true;
    }
    await guarded(
      deps,
      withSource(context, { id: credentials.id, username: credentials.username, agencyId: credentials.agency_id }),
      async ({ tx, record }) => {
        await queries.setLocked(tx, credentials.id, null);
        await queries.clearFailures(tx, credentials.id);
        record({
          action: "auth.lockout_released",
          outcome: "allowed",
          recordType: "user",
          recordId: credentials.id,
          justification: "agency automatic release time passed",
        });
      },
    );
    return false;
  }

  function describe(session: LoadedSession): SessionResponse {
    return {
      next: nextStepFor(session),
      csrfToken: session.csrfToken,
      idleTimeoutSeconds: deps.config.sessionIdleTimeoutSeconds,
      user: {
        id: session.user.id,
        username: session.user.username,
        displayName: session.user.displayName,
        roles: session.user.roles,
        unitId: session.user.unitId,
        unitName: session.user.unitName,
        agencyName: session.user.agencyName,
        agencyTimeZone: session.user.agencyTimeZone,
      },
    };
  }

  return {
    /**
     * First factor. Always starts a new session (new id at every sign-in); it can only finish signing in.
     * previousToken: the session cookie the request came with; that session ends when the new one starts.
     */
    async signIn(context: RequestContext, input: { username: string; password: string }, previousToken?: string): Promise<NewSession> {
      const credentials = await queries.findCredentialsByUsername(deps.db, input.username);
      if (!credentials) {
        await spendVerificationTime(input.password);
        await writeAuditNow(deps, context, {
          action: "auth.sign_in",
          outcome: "failed",
          // The typed name is not stored: it may be a mistyped password (AU-3(3), minimum PII).
          details: { reason: "unknown username" },
        });
        throw wrongCredentials();
      }
      const locked = await stillLocked(context, credentials);
      // Verified even when locked: an unknown, a locked and a wrong password take the same time (ASVS 6.3.8).
      const passwordRight = await verifyPassword(credentials.password_hash, input.password);
      if (locked) {
        await writeAuditNow(
          deps,
          withSource(context, { id: credentials.id, username: credentials.username, agencyId: credentials.agency_id }),
          {
            action: "auth.sign_in",
            outcome: "denied",
            recordType: "user",
            recordId: credentials.id,
            details: { reason: passwordRight ? "account locked" : "account locked; wrong password" },
          },
        );
        // Only someone who knows the password learns that the account exists and is locked; anyone else
        // gets the answer an unknown username gets, so the lock cannot be used to find accounts.
        throw passwordRight ? lockedMessage(credentials.lockout_release_minutes) : wrongCredentials();
      }
      if (!passwordRight) {
        // Even the attempt that locks the account answers like any wrong password (the lock is told with the right one).
        await failAttempt(context, credentials, "auth.sign_in", "wrong password");
        throw wrongCredentials();
      }
      const user = { id: credentials.id, username: credentials.username, agencyId: credentials.agency_id };
      if (credentials.disabled_at) {
        await writeAuditNow(deps, withSource(context, user), {
          action: "auth.sign_in",
          outcome: "denied",
          recordType: "user",
          recordId: user.id,
          details: { reason: "account disabled" },
        });
        throw new AppError("forbidden", "This account has been disabled. Ask an administrator.");
      }
      const session = await guarded(deps, withSource(context, user), async ({ tx, record }) => {
        // Signing in from a browser that still holds a session ends that session (ASVS 7.2.4), whoever it belonged to.
        const previous = previousToken ? await queries.deleteSessionByToken(tx, previousToken) : null;
        if (previous) {
          record({
            action: "auth.session_ended",
            outcome: "allowed",
            recordType: "user",
            recordId: previous.userId,
            details: { reason: "new sign-in from the same browser", session: sessionRef(previous.tokenHash) },
          });
        }
        const created = await createSession(tx, {
          userId: user.id,
          stage: "password",
          now: context.now,
          ip: context.source.ip,
          userAgent: context.source.userAgent,
        });
        record({
          action: "auth.password_verified",
          outcome: "allowed",
          recordType: "user",
          recordId: user.id,
          details: { session: sessionRef(created.tokenHash) },
        });
        return created;
      });
      const next: NextStep = credentials.totp_secret_encrypted ? "verify-mfa" : "enroll-mfa";
      return { token: session.token, next };
    },

    /**
     * Whether the browser holds a live session, answered without a 401 so the sign-in page can check quietly.
     * It ends nothing and writes nothing.
     */
    /**
     * Whether the browser holds a session and, while it is valid, the session as GET /session describes it (a page
     * load's one request; like any request of the user's, it restarts the idle timeout). An expired or disabled one
     * still counts but comes without it: the app then asks /session, which ends it and says why.
     */
    async sessionStatus(token: string | null, now: Date): Promise<SessionStatus> {
      if (!token) return { signedIn: false };
      const session = await loadSession(deps.db, token, now);
      if (!session) return { signedIn: false };
      if (sessionEndReason(session, now, deps.config) !== null) return { signedIn: true };
      await touchSessionIfDue(deps, session, now);
      return { signedIn: true, session: describe(session) };
    },

    describe,

    async beginMfaEnrollment(context: RequestContext, session: LoadedSession): Promise<MfaEnrollment> {
      requireStep(session, "enroll-mfa");
      const secret = newTotpSecret();
      const uri = totpUri(secret, session.user.username, session.user.agencyName);
      await guarded(deps, context, async ({ tx, record }) => {
        await queries.setPendingTotpSecret(tx, session.user.id, deps.secretBox.seal(secret));
        record({ action: "auth.mfa_enrollment_started", outcome: "allowed", recordType: "user", recordId: session.user.id });
      });
      return { otpauthUri: uri, secret, qrCodeSvg: await totpQrSvg(uri) };
    },

    async confirmMfaEnrollment(context: RequestContext, session: LoadedSession, code: string): Promise<NewSession> {
      requireStep(session, "enroll-mfa");
      const credentials = await queries.findCredentialsById(deps.db, session.user.id);
      if (!credentials.totp_pending_secret_encrypted)
        throw badRequest("Start enrolment first: no authenticator secret is waiting for confirmation.");
      const step = await matchTotp(deps.secretBox.open(credentials.totp_pending_secret_encrypted), code, context.now, null);
      if (step === null) {
        throw (
          (await failAttempt(context, credentials, "auth.mfa_enrollment", "wrong code")) ??
          badRequest("That code is not correct. Check the time on your phone and enter the current code.", [
            { field: "code", message: "code not accepted" },
          ])
        );
      }
      return completeSignIn(context, session, "auth.mfa_enrolled", async (tx) =>
        queries.activateTotp(tx, session.user.id, step, context.now),
      );
    },

    async verifyMfa(context: RequestContext, session: LoadedSession, code: string): Promise<NewSession> {
      requireStep(session, "verify-mfa");
      const credentials = await queries.findCredentialsById(deps.db, session.user.id);
      if (await stillLocked(context, credentials)) throw lockedMessage(credentials.lockout_release_minutes);
      const secret = credentials.totp_secret_encrypted;
      if (!secret) throw badRequest("No authenticator is enrolled for this account.");
      const step = await matchTotp(deps.secretBox.open(secret), code, context.now, credentials.totp_last_step);
      if (step === null) {
        throw (
          (await failAttempt(context, credentials, "auth.mfa_verify", "wrong or reused code")) ??
          badRequest("That code is not correct or was already used. Wait for the next code and try again.", [
            { field: "code", message: "code not accepted" },
          ])
        );
      }
      return completeSignIn(context, session, "auth.sign_in", async (tx) => {
        if (!(await queries.recordSignIn(tx, session.user.id, step, context.now))) {
          throw badRequest("That code was already used. Wait for the next code and try again.", [
            { field: "code", message: "code already used" },
          ]);
        }
      });
    },

    async changePassword(context: RequestContext, session: LoadedSession, input: { currentPassword: string; newPassword: string }) {
      const credentials = await queries.findCredentialsById(deps.db, session.user.id);
      if (!(await verifyPassword(credentials.password_hash, input.currentPassword))) {
        throw (
          (await failAttempt(context, credentials, "auth.password_change", "wrong current password")) ??
          badRequest("The current password is not correct.", [{ field: "currentPassword", message: "not correct" }])
        );
      }
      const problem = passwordProblem(input.newPassword, {
        username: session.user.username,
        displayName: session.user.displayName,
        agencyName: session.user.agencyName,
      });
      if (problem) throw badRequest(`The new password ${problem}.`, [{ field: "newPassword", message: problem }]);
      if (await verifyPassword(credentials.password_hash, input.newPassword)) {
        throw badRequest("The new password must differ from the current one.", [{ field: "newPassword", message: "same as current" }]);
      }
      const passwordHash = await hashPassword(input.newPassword);
      await guarded(deps, context, async ({ tx, record }) => {
        await queries.updatePassword(tx, session.user.id, passwordHash, context.now);
        // Other sessions of this user end: a changed password is often a suspected compromise.
        await queries.deleteOtherSessions(tx, session.user.id, session.tokenHash);
        record({ action: "auth.password_changed", outcome: "allowed", recordType: "user", recordId: session.user.id });
      });
    },

    async signOut(context: RequestContext, session: LoadedSession): Promise<void> {
      await guarded(deps, context, async ({ tx, record }) => {
        await deleteSession(tx, session.tokenHash);
        record({ action: "auth.sign_out", outcome: "allowed", recordType: "user", recordId: session.user.id });
      });
    },

    async signOutEverywhere(context: RequestContext, session: LoadedSession): Promise<number> {
      return guarded(deps, context, async ({ tx, record }) => {
        const ended = await deleteUserSessions(tx, session.user.id);
        record({
          action: "auth.sign_out_everywhere",
          outcome: "allowed",
          recordType: "user",
          recordId: session.user.id,
          details: { sessionsEnded: ended },
        });
        return ended;
      });
    },
  };

  /** Second factor passed: replace the password-stage session with a new, fully signed-in one. */
  async function completeSignIn(
    context: RequestContext,
    session: LoadedSession,
    action: string,
    apply: (tx: Queryable) => Promise<void>,
  ): Promise<NewSession> {
    const created = await guarded(deps, context, async ({ tx, record }) => {
      await apply(tx);
      await queries.clearFailures(tx, session.user.id);
      await deleteSession(tx, session.tokenHash);
      const fresh = await createSession(tx, {
        userId: session.user.id,
        stage: "active",
        now: context.now,
        ip: context.source.ip,
        userAgent: context.source.userAgent,
      });
      record({
        action,
        outcome: "allowed",
        recordType: "user",
        recordId: session.user.id,
        details: { session: sessionRef(fresh.tokenHash) },
      });
      return fresh;
    });
    return { token: created.token, next: "done" };
  }
}

function requireStep(session: LoadedSession, step: NextStep): void {
  const next = nextStepFor(session);
  if (next !== step) throw new AppError("conflict", `This step is not expected now; the next step is ${next}.`);
}

export type AuthService = ReturnType<typeof createAuthService>;
