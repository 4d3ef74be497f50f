import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type {
  AgencySettings,
  agencySettingsBody,
  createUserBody,
  Unit,
  User,
  UserAction,
  updateUserBody,
} from "../../../shared/contract/admin";
import { guarded } from "../../platform/access/guarded";
import { deleteUserSessions } from "../../platform/auth/sessions";
import type { FeatureDeps, RequestContext } from "../../platform/context";
import { signedInActor } from "../../platform/context";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { hashPassword } from "../auth/password-policy";
import * as queries from "./admin.queries";

const unitRequiredRoles = new Set(["officer", "supervisor"]);

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((role) => b.includes(role));

/** Four groups of four random characters: 80 bits, easy to read aloud, changed at first sign-in. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(16);
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join("")).join("-");
}

export function toUser(row: queries.UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    unitId: row.unit_id,
    unitName: row.unit_name,
    phone: row.phone,
    status: row.disabled_at ? "disabled" : row.locked_at ? "locked" : "active",
    mfaEnrolled: row.mfa_enrolled,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** A blank phone clears it (the column holds a number or nothing, never an empty string). */
const phoneOrNull = (phone: string | null | undefined) => (phone ? phone : null);

const toUnit = (row: queries.UnitRow): Unit => ({ id: row.id, name: row.name, userCount: row.user_count });

export function createAdminService(deps: FeatureDeps) {
  async function requireUnitInAgency(tx: Parameters<typeof queries.findUnit>[0], unitId: string, agencyId: string) {
    const unit = await queries.findUnit(tx, unitId);
    if (!unit || unit.agency_id !== agencyId) throw badRequest("That unit does not exist.", [{ field: "unitId", message: "unknown unit" }]);
  }

  function checkRolesAndUnit(roles: string[], unitId: string | null) {
    // Separation of duties (AU-9(4), AC-5): auditors review what administrators do, so one person is never both.
    if (roles.includes("auditor") && roles.includes("admin")) {
      throw badRequest("The auditor role cannot be combined with the administrator role: auditors review what administrators do.", [
        { field: "roles", message: "auditor and administrator are exclusive" },
      ]);
    }
    if (!unitId && roles.some((role) => unitRequiredRoles.has(role))) {
      throw badRequest("Officers and supervisors must belong to a unit.", [
        { field: "unitId", message: "required for officers and supervisors" },
      ]);
    }
  }

  async function loadUserForChange(tx: Parameters<typeof queries.findUser>[0], id: string) {
    const user = await queries.findUser(tx, id, true);
    if (!user) throw notFound("User");
    return user;
  }

  return {
    async listUnits(context: RequestContext): Promise<Unit[]> {
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("unit.read", { agency: "un.agency_id", unit: "un.id" }, 1, { action: "unit.list", recordType: "unit" });
        return (await queries.listUnits(tx, filter)).map(toUnit);
      });
    },

    async createUnit(context: RequestContext, name: string): Promise<Unit> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("unit.manage", { agencyId: actor.agencyId }, { action: "unit.create", recordType: "unit", details: { name } });
        if (await queries.unitNameTaken(tx, actor.agencyId, name))
          throw conflict(`A unit named "${name}" already exists.`, [{ field: "name", message: "already exists" }]);
        const id = await queries.insertUnit(tx, actor.agencyId, name);
        return toUnit((await queries.findUnit(tx, id))!);
      });
    },

    async renameUnit(context: RequestContext, id: string, name: string): Promise<Unit> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const unit = await queries.findUnit(tx, id);
        if (!unit) throw notFound("Unit");
        authorize(
          "unit.manage",
          { agencyId: unit.agency_id, unitId: unit.id },
          { action: "unit.rename", recordType: "unit", recordId: id, details: { from: unit.name, to: name } },
        );
        if (await queries.unitNameTaken(tx, unit.agency_id, name, id))
          throw conflict(`A unit named "${name}" already exists.`, [{ field: "name", message: "already exists" }]);
        await queries.renameUnit(tx, id, name);
        return toUnit((await queries.findUnit(tx, id))!);
      });
    },

    async listUsers(context: RequestContext, unitId: string | undefined): Promise<User[]> {
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("user.list", { agency: "u.agency_id", unit: "u.unit_id" }, 1, {
          action: "user.list",
          recordType: "user",
          details: { unitId: unitId ?? null },
        });
        return (await queries.listUsers(tx, filter, unitId)).map(toUser);
      });
    },

    async getUser(context: RequestContext, id: string): Promise<User> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const user = await queries.findUser(tx, id);
        if (!user) throw notFound("User");
        authorize(
          "user.read",
          { agencyId: user.agency_id, unitId: user.unit_id, userId: user.id },
          { action: "user.read", recordType: "user", recordId: id },
        );
        return toUser(user);
      });
    },

    async createUser(context: RequestContext, input: z.infer<typeof createUserBody>): Promise<{ user: User; temporaryPassword: string }> {
      const actor = signedInActor(context);
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "user.manage",
          { agencyId: actor.agencyId },
          { action: "user.create", recordType: "user", details: { username: input.username, roles: input.roles.join(",") } },
        );
        checkRolesAndUnit(input.roles, input.unitId);
        if (input.unitId) await requireUnitInAgency(tx, input.unitId, actor.agencyId);
        if (await queries.usernameTaken(tx, input.username)) {
          throw conflict(`The username "${input.username}" is already taken.`, [{ field: "username", message: "already taken" }]);
        }
        const id = await queries.insertUser(tx, {
          ...input,
          phone: phoneOrNull(input.phone),
          agencyId: actor.agencyId,
          passwordHash,
          now: context.now,
        });
        return { user: toUser((await queries.findUser(tx, id))!), temporaryPassword: password };
      });
    },

    async updateUser(context: RequestContext, id: string, changes: z.infer<typeof updateUserBody>): Promise<User> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const user = await loadUserForChange(tx, id);
        // The edit form sends the roles every time: only a different set is a change of privileges.
        const rolesChange = changes.roles !== undefined && !sameRoles(changes.roles, user.roles);
        authorize(
          // Nobody changes their own roles: the policy refuses it, so the denial is audited like any other.
          rolesChange ? "user.roles_change" : "user.manage",
          { agencyId: user.agency_id, unitId: user.unit_id, userId: user.id },
          {
            action: rolesChange ? "user.roles_changed" : "user.update",
            recordType: "user",
            recordId: id,
            details: {
              roles: rolesChange ? `${user.roles.join(",")} -> ${changes.roles!.join(",")}` : null,
              unitId: changes.unitId === undefined ? null : `${user.unit_id} -> ${changes.unitId}`,
              phone: changes.phone === undefined ? null : phoneOrNull(changes.phone) === user.phone ? "unchanged" : "changed",
            },
          },
        );
        const roles = changes.roles ?? user.roles;
        const unitId = changes.unitId === undefined ? user.unit_id : changes.unitId;
        checkRolesAndUnit(roles, unitId);
        if (changes.unitId) await requireUnitInAgency(tx, changes.unitId, user.agency_id);
        await queries.updateUser(tx, id, { ...changes, ...(changes.phone !== undefined ? { phone: phoneOrNull(changes.phone) } : {}) });
        return toUser((await queries.findUser(tx, id))!);
      });
    },

    async applyUserAction(context: RequestContext, id: string, action: UserAction): Promise<{ user: User; temporaryPassword?: string }> {
      const actor = signedInActor(context);
      const password = action === "reset-password" ? temporaryPassword() : undefined;
      const passwordHash = password ? await hashPassword(password) : undefined;
      return guarded(deps, context, async ({ tx, authorize }) => {
        const user = await loadUserForChange(tx, id);
        authorize(
          "user.manage",
          { agencyId: user.agency_id, unitId: user.unit_id, userId: user.id },
          { action: `user.${action}`, recordType: "user", recordId: id },
        );
        switch (action) {
          case "disable":
            if (id === actor.userId) throw conflict("You cannot disable your own account.");
            await queries.setDisabled(tx, id, context.now);
            // Disabling ends every session at once (ASVS 7.4.2, CJIS AC-2(13)).
            await deleteUserSessions(tx, id);
            break;
          case "enable":
            await queries.setDisabled(tx, id, null);
            break;
          case "release-lockout":
            await queries.releaseLockout(tx, id);
            break;
          case "reset-mfa":
            // The user enrols a new authenticator at next sign-in; current sessions end (ASVS 6.4.3).
            await queries.resetMfa(tx, id);
            await deleteUserSessions(tx, id);
            break;
          case "reset-password":
            await queries.setTemporaryPassword(tx, id, passwordHash!, context.now);
            await deleteUserSessions(tx, id);
            break;
          default: {
            const unreachable: never = action;
            throw badRequest(`Unknown action ${unreachable}`);
          }
        }
        const updated = toUser((await queries.findUser(tx, id))!);
        return password ? { user: updated, temporaryPassword: password } : { user: updated };
      });
    },

    async getAgencySettings(context: RequestContext): Promise<AgencySettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "agency.manage",
          { agencyId: actor.agencyId },
          { action: "agency.settings_read", recordType: "agency", recordId: actor.agencyId },
        );
        return toSettings(await queries.findAgency(tx, actor.agencyId));
      });
    },

    async updateAgencySettings(context: RequestContext, changes: z.infer<typeof agencySettingsBody>): Promise<AgencySettings> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "agency.manage",
          { agencyId: actor.agencyId },
          {
            action: "agency.settings_changed",
            recordType: "agency",
            recordId: actor.agencyId,
            details: Object.fromEntries(
              Object.entries({
                lockoutReleaseMinutes: changes.lockoutReleaseMinutes,
                passwordMaxAgeDays: changes.passwordMaxAgeDays,
                fieldEscalationMinutes: changes.fieldEscalationMinutes,
                dutyContactUserId: changes.dutyContactUserId,
                missedTestCountsAsPositive: changes.missedTestCountsAsPositive,
                notifyUnitSupervisorOfTests: changes.notifyUnitSupervisorOfTests,
                routeStopLimit: changes.routeStopLimit,
                monitoringHomeRadiusMeters: changes.monitoringHomeRadiusMeters,
              }).map(([name, value]) => [name, value === undefined ? "unchanged" : String(value)]),
            ),
          },
        );
        if (changes.dutyContactUserId) {
          // Escalations notify the duty contact: an active account of this agency, never someone else's.
          const contact = await queries.findUser(tx, changes.dutyContactUserId);
          if (!contact || contact.agency_id !== actor.agencyId || contact.disabled_at) {
            throw badRequest("The duty contact must be an active user of this agency.", [
              { field: "dutyContactUserId", message: "not an active user of this agency" },
            ]);
          }
        }
        await queries.updateAgencySettings(tx, actor.agencyId, changes);
        return toSettings(await queries.findAgency(tx, actor.agencyId));
      });
    },
  };
}

const toSettings = (row: queries.AgencyRow): AgencySettings => ({
  name: row.name,
  lockoutReleaseMinutes: row.lockout_release_minutes,
  passwordMaxAgeDays: row.password_max_age_days,
  fieldEscalationMinutes: row.field_escalation_minutes,
  dutyContactUserId: row.duty_contact_user_id,
  missedTestCountsAsPositive: row.missed_test_counts_as_positive,
  notifyUnitSupervisorOfTests: row.notify_unit_supervisor_of_tests,
  routeStopLimit: row.route_stop_limit,
  monitoringHomeRadiusMeters: row.monitoring_home_radius_meters,
});

export type AdminService = ReturnType<typeof createAdminService>;
