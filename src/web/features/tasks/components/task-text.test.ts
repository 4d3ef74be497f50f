import { describe, expect, it } from "vitest";
import type { Task } from "../../../../shared/contract/tasks";
import { changeText, dueText, offersActions, ownerText, taskTitle } from "./task-text";

const task = (overrides: Partial<Task>): Task => ({
  id: "00000000-0000-4000-8000-000000000001",
  kind: "missed_appointment_follow_up",
  caseId: "00000000-0000-4000-8000-000000000002",
  caseNumber: "C-1",
  personId: "00000000-0000-4000-8000-000000000003",
  personName: "Jordan Rivera",
  owner: "case_officer",
  ownerName: "Olivia Officer",
  dueOn: "2026-03-10",
  contactDue: null,
  sourceType: "supervision_event",
  sourceId: "00000000-0000-4000-8000-000000000004",
  sourceOccurredAt: null,
  status: "open",
  statusReason: null,
  snoozedUntil: null,
  humanCloses: true,
  dismissable: true,
  createdAt: "2026-03-09T15:00:00.000Z",
  changedAt: "2026-03-09T15:00:00.000Z",
  history: [],
  ...overrides,
});

describe("a task in words", () => {
  it("says when it is due against the agency's today, never as an ISO date", () => {
    expect(dueText(task({ dueOn: "2026-03-10" }), "2026-03-10")).toBe("Due today");
    expect(dueText(task({ dueOn: "2026-03-08" }), "2026-03-10")).toBe("Overdue since Mar 8, 2026");
    expect(dueText(task({ dueOn: "2026-03-12" }), "2026-03-10")).toBe("Due Mar 12, 2026");
  });

  it("names its kind and owner, and who made each change (the system as Waypoint) with the reason", () => {
    expect(taskTitle(task({ kind: "approval_requested", sourceOccurredAt: "2026-03-09T15:00:00.000Z" }))).toBe(
      "Condition change awaiting approval",
    );
    expect(taskTitle(task({ sourceOccurredAt: null }))).toBe("Follow up on a missed appointment");
    expect(ownerText(task({ owner: "unit_supervisors", ownerName: null }))).toBe("The unit's supervisors");
    expect(ownerText(task({}))).toBe("Olivia Officer");
    const change = { status: "dismissed" as const, reason: "Seen at home", snoozedUntil: null, changedAt: "2026-03-09T15:00:00.000Z" };
    expect(changeText({ ...change, changedByName: "Olivia Officer" })).toMatch(/^Dismissed by Olivia Officer, .*: Seen at home$/);
    expect(changeText({ ...change, status: "open", reason: null, changedByName: null })).toMatch(/^Opened by Waypoint, /);
  });

  it("names the requirement and day of a contact the standard requires, so a new case's tasks differ", () => {
    const contact = (requirement: "face_to_face" | "field" | "home_verification" | "whereabouts", missed = false) =>
      taskTitle(
        task({
          kind: "contact_due",
          dueOn: "2026-12-04",
          contactDue: { requirement, missed, periodStart: "2026-11-05", periodEnd: "2026-12-04" },
        }),
      );
    expect(contact("face_to_face")).toBe("Face-to-face contact due by Fri, Dec 4");
    expect(contact("field")).toBe("Field contact due by Fri, Dec 4");
    expect(contact("home_verification")).toBe("Home visit (verification) due by Fri, Dec 4");
    expect(contact("whereabouts")).toBe("Whereabouts check (no fixed address) due by Fri, Dec 4");
    expect(contact("face_to_face", true)).toBe("Face-to-face contact missed in the period Nov 5 – Dec 4");
    // A contact task without its detail (its period was over before tasks kept it) keeps the generic label.
    expect(taskTitle(task({ kind: "contact_due", contactDue: null }))).toBe("Contact required by the standard");
  });

  it("offers the unit supervisors' task (an approval) to supervisors only, the case officer's to whoever may change the case", () => {
    expect(offersActions(task({ owner: "unit_supervisors" }), false)).toBe(false);
    expect(offersActions(task({ owner: "unit_supervisors" }), true)).toBe(true);
    expect(offersActions(task({ owner: "case_officer" }), false)).toBe(true);
  });
});
