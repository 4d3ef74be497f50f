import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";

type UserBody = { id: string; username: string; unitName: string | null };

describe(`organisation and access policy (${engineName})`, () => {
  let test: TestApp;
  let admin: Client;
  let users: UserBody[];
  const userNamed = (username: string) => users.find((user) => user.username === username)!;

  beforeAll(async () => {
    test = await createTestApp();
    admin = await signIn(test, "admin");
    users = (await admin.get("/api/v1/users")).json();
  });
  afterAll(() => test.close());

  it("lets an officer see neither the staff list nor admin routes: 403 with a denied audit row", async () => {
    const officer = await signIn(test, "officer.north1");
    const attempts = [
      await officer.get("/api/v1/users"),
      await officer.post("/api/v1/users", { username: "sneaky", displayName: "S", roles: ["admin"], unitId: null }),
      await officer.get("/api/v1/agency/settings"),
      await officer.get("/api/v1/audit"),
      await officer.post("/api/v1/units", { name: "Rogue unit" }),
    ];
    for (const attempt of attempts) expect(attempt.statusCode).toBe(403);
    const denied = await auditRows(test.db, "outcome = 'denied' AND actor_username = 'officer.north1'");
    expect(denied.map((row) => row.action)).toEqual(["user.list", "user.create", "agency.settings_read", "audit.search", "unit.create"]);
    expect((await test.db.query("SELECT 1 FROM app_user WHERE username = 'sneaky'")).length).toBe(0);
    // Own account stays readable.
    const own = await officer.get(`/api/v1/users/${userNamed("officer.north1").id}`);
    expect(own.statusCode).toBe(200);
    expect((await auditRows(test.db, "action = 'user.read' AND actor_username = 'officer.north1'"))[0]!.justification).toBe("own account");
  });

  it("limits a supervisor to their own unit; another unit's record is 403 and audited", async () => {
    const supervisor = await signIn(test, "supervisor.north");
    const visible: UserBody[] = (await supervisor.get("/api/v1/users")).json();
    expect(new Set(visible.map((user) => user.unitName))).toEqual(new Set(["North Field Office"]));
    expect((await supervisor.get(`/api/v1/users/${userNamed("officer.north2").id}`)).statusCode).toBe(200);
    const otherUnit = await supervisor.get(`/api/v1/users/${userNamed("officer.south1").id}`);
    expect(otherUnit.statusCode).toBe(403);
    const [row] = await auditRows(test.db, "outcome = 'denied' AND actor_username = 'supervisor.north' AND record_id = $1", [
      userNamed("officer.south1").id,
    ]);
    expect(row).toMatchObject({ action: "user.read", justification: "no rule grants user.read" });
    expect((await supervisor.post(`/api/v1/users/${userNamed("officer.north2").id}/actions/disable`)).statusCode).toBe(403);
  });

  it("never lets one agency reach another agency's records", async () => {
    const [agency] = await test.db.query<{ id: string }>("INSERT INTO agency (name) VALUES ('Neighbouring County') RETURNING id");
    const [unit] = await test.db.query<{ id: string }>("INSERT INTO unit (agency_id, name) VALUES ($1, 'Other office') RETURNING id", [
      agency!.id,
    ]);
    const [stranger] = await test.db.query<{ id: string }>(
      `INSERT INTO app_user (agency_id, unit_id, username, display_name, roles, password_hash, password_changed_at)
       VALUES ($1, $2, 'other.officer', 'Other Officer', ARRAY['officer'], 'x', now()) RETURNING id`,
      [agency!.id, unit!.id],
    );
    expect((await admin.get(`/api/v1/users/${stranger!.id}`)).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/users/${stranger!.id}/actions/disable`)).statusCode).toBe(403);
    expect((await admin.patch(`/api/v1/units/${unit!.id}`, { name: "Taken over" })).statusCode).toBe(403);
    const listed: UserBody[] = (await admin.get("/api/v1/users")).json();
    expect(listed.some((user) => user.username === "other.officer")).toBe(false);
    const units: { name: string }[] = (await admin.get("/api/v1/units")).json();
    expect(units.some((candidate) => candidate.name === "Other office")).toBe(false);
  });

  it("creates units and users, refusing duplicates and bad input with a message naming the field", async () => {
    const unit = await admin.post("/api/v1/units", { name: "East Field Office" });
    expect(unit.statusCode).toBe(201);
    const duplicateUnit = await admin.post("/api/v1/units", { name: "East Field Office" });
    expect(duplicateUnit.statusCode).toBe(409);
    expect(duplicateUnit.json().issues[0].field).toBe("name");

    const created = await admin.post("/api/v1/users", {
      username: "east.officer",
      displayName: "Eve East",
      roles: ["officer"],
      unitId: unit.json().id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(created.json().user).toMatchObject({ status: "active", mfaEnrolled: false, unitName: "East Field Office" });

    const duplicate = await admin.post("/api/v1/users", {
      username: "EAST.officer",
      displayName: "Again",
      roles: ["officer"],
      unitId: unit.json().id,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().message).toMatch(/east.officer.*taken/);

    const noUnit = await admin.post("/api/v1/users", { username: "floating", displayName: "No Unit", roles: ["officer"], unitId: null });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().issues[0].field).toBe("unitId");

    const wrongType = await admin.post("/api/v1/users", { username: "x y", displayName: 5, roles: ["king"], unitId: "nope" });
    expect(wrongType.statusCode).toBe(400);
    const fields = wrongType.json().issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["body.username", "body.displayName", "body.roles.0", "body.unitId"]));

    const unknownField = await admin.post("/api/v1/users", {
      username: "extra",
      displayName: "E",
      roles: ["auditor"],
      unitId: null,
      isRoot: true,
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().message).toMatch(/isRoot.*unknown field/);
    expect((await test.db.query("SELECT 1 FROM app_user WHERE username IN ('floating', 'extra', 'x y')")).length).toBe(0);
  });

  it("changes roles and units, audits privilege changes, and refuses any change of one's own roles", async () => {
    const target = userNamed("officer.north2");
    const southUnit = (await admin.get("/api/v1/units")).json().find((unit: { name: string }) => unit.name === "South Field Office");
    const changed = await admin.patch(`/api/v1/users/${target.id}`, { roles: ["officer", "supervisor"], unitId: southUnit.id });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ roles: ["officer", "supervisor"], unitName: "South Field Office" });
    expect(await auditRows(test.db, "action = 'user.roles_changed' AND record_id = $1", [target.id])).toHaveLength(1);
    const adminId = userNamed("admin").id;
    // Nobody changes their own roles, not even to add one: 403 and a denied audit row, nothing changed.
    for (const roles of [["auditor"], ["admin", "supervisor"], ["officer"]]) {
      expect((await admin.patch(`/api/v1/users/${adminId}`, { roles })).statusCode).toBe(403);
    }
    const denied = await auditRows(test.db, "action = 'user.roles_changed' AND outcome = 'denied' AND record_id = $1", [adminId]);
    expect(denied).toHaveLength(3);
    expect(denied[0]!.justification).toBe("user.roles_change is never granted on one's own account");
    expect((await admin.get(`/api/v1/users/${adminId}`)).json().roles).toEqual(["admin"]);
    // The edit form sends the unchanged roles with a new name: that is not a role change.
    const renamed = await admin.patch(`/api/v1/users/${adminId}`, { displayName: "Ada Whitfield", roles: ["admin"], unitId: null });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ displayName: "Ada Whitfield", roles: ["admin"] });
    expect((await admin.post(`/api/v1/users/${userNamed("admin").id}/actions/disable`)).statusCode).toBe(409);
  });

  it("never combines the auditor and administrator roles, on create or update (400 with the reason)", async () => {
    const created = await admin.post("/api/v1/users", {
      username: "audmin",
      displayName: "Both Roles",
      roles: ["admin", "auditor"],
      unitId: null,
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().message).toMatch(/auditor role cannot be combined with the administrator role/);
    expect((await test.db.query("SELECT 1 FROM app_user WHERE username = 'audmin'")).length).toBe(0);
    const auditor = userNamed("auditor");
    const updated = await admin.patch(`/api/v1/users/${auditor.id}`, { roles: ["auditor", "admin"] });
    expect(updated.statusCode).toBe(400);
    expect(updated.json().issues).toEqual([{ field: "roles", message: "auditor and administrator are exclusive" }]);
    expect((await admin.get(`/api/v1/users/${auditor.id}`)).json().roles).toEqual(["auditor"]);
  });

  it("stores a user's work phone on create and update, clears it when blank and refuses a malformed one", async () => {
    const unitId = (await admin.get("/api/v1/units")).json().find((unit: { name: string }) => unit.name === "North Field Office").id;
    const created = await admin.post("/api/v1/users", {
      username: "phone.officer",
      displayName: "Pat Phone",
      roles: ["officer"],
      unitId,
      phone: " (555) 010-0199 ",
    });
    expect(created.statusCode).toBe(201);
    const id: string = created.json().user.id;
    expect(created.json().user.phone).toBe("(555) 010-0199");
    expect((await admin.get(`/api/v1/users/${id}`)).json().phone).toBe("(555) 010-0199");

    const changed = await admin.patch(`/api/v1/users/${id}`, { phone: "+1 555 010 0198 ext. 12" });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().phone).toBe("+1 555 010 0198 ext. 12");
    const [audited] = await test.db.query<{ details: { phone: string } }>(
      "SELECT details FROM audit_log WHERE action = 'user.update' AND record_id = $1 ORDER BY id",
      [id],
    );
    expect(audited!.details).toMatchObject({ phone: "changed" });

    // Other changes leave the phone alone; a blank one clears it (never an empty string in the record).
    expect((await admin.patch(`/api/v1/users/${id}`, { displayName: "Pat Phone-Smith" })).json().phone).toBe("+1 555 010 0198 ext. 12");
    expect((await admin.patch(`/api/v1/users/${id}`, { phone: "  " })).json().phone).toBeNull();
    expect((await admin.patch(`/api/v1/users/${id}`, { phone: "555 010 0197" })).json().phone).toBe("555 010 0197");
    expect((await admin.patch(`/api/v1/users/${id}`, { phone: null })).json().phone).toBeNull();

    for (const phone of ["call the desk", "12", "5".repeat(41)]) {
      const refused = await admin.patch(`/api/v1/users/${id}`, { phone });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().issues[0].field).toBe("body.phone");
    }
    const refusedCreate = await admin.post("/api/v1/users", {
      username: "bad.phone",
      displayName: "Bad Phone",
      roles: ["auditor"],
      unitId: null,
      phone: "ring me",
    });
    expect(refusedCreate.statusCode).toBe(400);
    expect((await test.db.query("SELECT 1 FROM app_user WHERE username = 'bad.phone'")).length).toBe(0);
    expect((await admin.get(`/api/v1/users/${id}`)).json().phone).toBeNull();
  });

  it("resets MFA and password, ending the user's sessions", async () => {
    const officer = await signIn(test, "officer.south1");
    const target = userNamed("officer.south1");
    const reset = await admin.post(`/api/v1/users/${target.id}/actions/reset-mfa`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().user.mfaEnrolled).toBe(false);
    expect((await officer.get("/api/v1/units")).statusCode).toBe(401);
    const password = await admin.post(`/api/v1/users/${target.id}/actions/reset-password`);
    expect(password.json().temporaryPassword).toBeTruthy();
  });

  it("stores agency security settings", async () => {
    const updated = await admin.patch("/api/v1/agency/settings", { lockoutReleaseMinutes: null, passwordMaxAgeDays: 365 });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ lockoutReleaseMinutes: null, passwordMaxAgeDays: 365 });
    expect((await admin.patch("/api/v1/agency/settings", { passwordMaxAgeDays: 0 })).statusCode).toBe(400);
    // A password older than the maximum age forces a change before anything else.
    test.clock.advance(366 * 24 * 3600_000);
    const officer = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "officer.north1", password: "field training passphrase", acknowledgedUseNotice: true },
    });
    expect(officer.json().next).toBe("verify-mfa");
    const cookie = officer.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const session = await test.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
    expect(session.json().next).toBe("change-password");
  });
});
