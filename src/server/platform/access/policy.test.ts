import { describe, expect, it } from "vitest";
import { type Actor, decide, mayEver, type Role, visibleFilter } from "./policy";

const actor = (roles: Role[], unitId: string | null = "unit-a"): Actor => ({
  userId: "me",
  username: "me",
  displayName: "Me",
  agencyId: "agency-1",
  unitId,
  roles,
  sessionRef: "s",
});

describe("access policy", () => {
  it("denies by default and across agencies", () => {
    expect(decide(actor(["admin"]), "user.manage", { agencyId: "agency-2" }).allowed).toBe(false);
    expect(decide(actor(["officer"]), "user.manage", { agencyId: "agency-1" }).allowed).toBe(false);
    expect(decide(actor(["officer"]), "audit.read", { agencyId: "agency-1" }).allowed).toBe(false);
    expect(decide(actor(["admin"]), "audit.read", { agencyId: "agency-1" }).allowed).toBe(false);
  });

  it("grants by relationship: own account, own unit, whole agency", () => {
    expect(decide(actor(["officer"]), "user.read", { agencyId: "agency-1", unitId: "unit-a", userId: "me" })).toEqual({
      allowed: true,
      justification: "own account",
    });
    expect(decide(actor(["officer"]), "user.read", { agencyId: "agency-1", unitId: "unit-a", userId: "other" }).allowed).toBe(false);
    expect(decide(actor(["supervisor"]), "user.read", { agencyId: "agency-1", unitId: "unit-a", userId: "other" }).allowed).toBe(true);
    expect(decide(actor(["supervisor"]), "user.read", { agencyId: "agency-1", unitId: "unit-b", userId: "other" }).allowed).toBe(false);
    expect(decide(actor(["admin"], null), "user.read", { agencyId: "agency-1", unitId: "unit-b", userId: "other" }).allowed).toBe(true);
  });

  it("builds list filters that match the decisions", () => {
    expect(visibleFilter(actor(["admin"]), "user.list", { agency: "a", unit: "u" }, 1)).toEqual({ sql: "a = $1", params: ["agency-1"] });
    expect(visibleFilter(actor(["supervisor"]), "user.list", { agency: "a", unit: "u" }, 3)).toEqual({
      sql: "(a = $3 AND (u = $4))",
      params: ["agency-1", "unit-a"],
    });
    expect(visibleFilter(actor(["officer"]), "user.list", { agency: "a", unit: "u" }, 1)).toEqual({ sql: "false", params: [] });
    expect(mayEver(actor(["officer"]), "user.list")).toBe(false);
    expect(mayEver(actor(["officer"]), "unit.read")).toBe(true);
  });
});

describe("access policy: rules about whose record it is", () => {
  const other = { agencyId: "agency-1", unitId: "unit-a", userId: "other" };
  const own = { agencyId: "agency-1", unitId: null, userId: "me" };

  it("lets an administrator change other users' roles, never their own", () => {
    expect(decide(actor(["admin"], null), "user.roles_change", other).allowed).toBe(true);
    expect(decide(actor(["admin"], null), "user.roles_change", own)).toEqual({
      allowed: false,
      justification: "user.roles_change is never granted on one's own account",
    });
    expect(decide(actor(["supervisor"]), "user.roles_change", other).allowed).toBe(false);
    expect(visibleFilter(actor(["admin"]), "user.roles_change", { agency: "a", user: "u" }, 1)).toEqual({
      sql: "(a = $1 AND (u <> $2))",
      params: ["agency-1", "me"],
    });
  });

  it("grants author, recipient and duty-contact rules to that person only, saying why", () => {
    expect(decide(actor(["officer"]), "note.author", { agencyId: "agency-1", userId: "me" })).toEqual({
      allowed: true,
      justification: "author of the note",
    });
    expect(decide(actor(["supervisor"]), "note.author", other).allowed).toBe(false);
    expect(decide(actor(["officer"]), "notification.own", other).allowed).toBe(false);
    expect(decide(actor(["supervisor"], "unit-b"), "field_visit.acknowledge", other).allowed).toBe(false);
    expect(decide(actor(["officer"], "unit-a"), "field_visit.acknowledge", other).allowed).toBe(false);
    expect(decide(actor(["supervisor"], "unit-a"), "field_visit.acknowledge", other).justification).toBe("supervisor of the record's unit");
    expect(decide(actor(["officer"], "unit-b"), "field_visit.acknowledge", { ...other, userId: "me" }).justification).toBe(
      "the agency's duty contact",
    );
  });
});
