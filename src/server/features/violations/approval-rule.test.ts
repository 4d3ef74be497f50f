import { describe, expect, it } from "vitest";
import { type Actor, decide, visibleFilter } from "../../platform/access/policy";

// The policy's notSelf rule as violation_response.approve uses it: a supervisor of the case's unit, never the proposer.
describe("approving a departure from the response matrix", () => {
  const supervisor: Actor = {
    userId: "u-sup",
    username: "supervisor.north",
    displayName: "Samuel Okafor",
    agencyId: "a1",
    unitId: "north",
    roles: ["supervisor"],
    sessionRef: "s",
  };
  const target = { agencyId: "a1", unitId: "north" };

  it("allows a supervisor of the unit who did not propose it", () => {
    expect(decide(supervisor, "violation_response.approve", { ...target, userId: "u-officer" })).toEqual({
      allowed: true,
      justification: "supervisor of the case's unit, not the proposer",
    });
  });

  it("refuses the proposer, a target naming no proposer, another unit and an officer", () => {
    expect(decide(supervisor, "violation_response.approve", { ...target, userId: "u-sup" })).toEqual({
      allowed: false,
      justification: "violation_response.approve is never granted on one's own account",
    });
    expect(decide(supervisor, "violation_response.approve", target).allowed).toBe(false);
    expect(decide(supervisor, "violation_response.approve", { agencyId: "a1", unitId: "south", userId: "u-officer" }).allowed).toBe(false);
    expect(decide({ ...supervisor, roles: ["officer"] }, "violation_response.approve", { ...target, userId: "u-other" }).allowed).toBe(
      false,
    );
  });

  it("lists nothing through the rule: a list cannot leave out the actor's own records", () => {
    expect(visibleFilter(supervisor, "violation_response.approve", { agency: "c.agency_id", unit: "c.unit_id" }, 1)).toEqual({
      sql: "false",
      params: [],
    });
  });
});
