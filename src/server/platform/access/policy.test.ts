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
