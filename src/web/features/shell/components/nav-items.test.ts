import { matchPath } from "react-router";
import { describe, expect, it } from "vitest";
import type { SessionResponse } from "../../../../shared/contract/auth";
import { isNavGroup, navItemsFor } from "./nav-items";

const sessionOf = (roles: string[]) =>
  ({
    next: "done",
    user: {
      id: "00000000-0000-4000-8000-000000000001",
      username: "someone",
      displayName: "Someone",
      roles,
      unitId: null,
      unitName: null,
      agencyName: "Agency",
      agencyTimeZone: "America/New_York",
    },
    csrfToken: "token",
    idleTimeoutSeconds: 900,
  }) as unknown as SessionResponse;

describe("the header's navigation", () => {
  it("marks only its own link as the current page on each page it leads to, for every role", () => {
    for (const roles of [["officer"], ["supervisor"], ["officer", "supervisor"], ["admin"], ["auditor"]]) {
      // A group's links are links of the header too, one of them current on its page.
      const items = navItemsFor(sessionOf(roles)).flatMap((item) => (isNavGroup(item) ? item.items : [item]));
      for (const page of items) {
        // As NavLink decides it: the link's own path, or below it unless the link says `end`.
        const current = items.filter((item) => matchPath({ path: item.href, end: item.end ?? false }, page.href));
        expect(
          current.map((item) => item.label),
          `${roles.join("+")} on ${page.href}`,
        ).toEqual([page.label]);
      }
    }
  });

  it("puts a supervisor's unit pages under one Unit menu", () => {
    const unit = navItemsFor(sessionOf(["supervisor"])).find(isNavGroup);
    expect(unit?.label).toBe("Unit");
    expect(unit?.items.map((item) => item.label)).toEqual([
      "Approvals",
      "Unit tasks",
      "Alert load",
      "Crime-scene search",
      "Monitoring devices",
      "Testing draw",
    ]);
  });

  it("puts the administrators' many settings pages under one Administration menu", () => {
    const items = navItemsFor(sessionOf(["admin"]));
    const administration = items.find(isNavGroup);
    expect(administration?.label).toBe("Administration");
    expect(administration?.items.map((item) => item.label)).toContain("Users");
    expect(items.filter((item) => !isNavGroup(item)).map((item) => item.label)).toEqual(["Home", "Testing draw"]);
  });
});
