import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, engineName, signIn, type TestApp } from "../../../test-support/harness";
import { intake } from "../../../test-support/supervision-fixtures";
import { findCoveringSuspension } from "./alerts.queries";

/** The weekly window in plain code: in force at an instant when its local day and minute fall in a window started on one of its days. */
function coveredByModel(weekdays: number[], start: number, end: number, at: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.find((part) => part.type === "weekday")!.value) + 1;
  const minute =
    Number(parts.find((part) => part.type === "hour")!.value) * 60 + Number(parts.find((part) => part.type === "minute")!.value);
  const previous = day === 1 ? 7 : day - 1;
  if (start < end) return weekdays.includes(day) && minute >= start && minute < end;
  return (weekdays.includes(day) && minute >= start) || (weekdays.includes(previous) && minute < end);
}

// The SQL that decides whether a weekly suspension covers an alert (agency time, overnight windows) against the model.
describe(`weekly alert suspensions in agency time (${engineName})`, () => {
  let test: TestApp;
  let caseId: string;
  let timeZone: string;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T12:00:00Z"));
    ({ caseId } = await intake(await signIn(test, "officer.north1")));
    const [row] = await test.db.query<{ time_zone: string }>(
      "SELECT a.time_zone FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1",
      [caseId],
    );
    timeZone = row!.time_zone;
  });
  afterAll(() => test.close());

  it("covers exactly the instants the model says, across days, midnight and daylight-saving changes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        // March to April 2026: the U.S. change to daylight-saving time falls inside.
        fc.integer({ min: Date.parse("2026-03-02T00:00:00Z"), max: Date.parse("2026-04-30T00:00:00Z") }),
        async (weekdays, start, end, at) => {
          fc.pre(start !== end);
          const instant = new Date(Math.floor(at / 60_000) * 60_000);
          await test.db.query("DELETE FROM monitoring_alert_suspension WHERE case_id = $1", [caseId]);
          await test.db.query(
            `INSERT INTO monitoring_alert_suspension (agency_id, case_id, reason, schedule_kind, starts_at, weekdays, window_start_minute,
                window_end_minute, created_by, created_at)
             SELECT c.agency_id, c.id, 'Property', 'weekly', '2026-01-01', $2, $3, $4, c.officer_id, '2026-01-01' FROM supervision_case c WHERE c.id = $1`,
            [caseId, weekdays, start, end],
          );
          const covered = Boolean(await findCoveringSuspension(test.db, caseId, "strap_tamper", instant));
          expect(covered, `${weekdays} ${start}-${end} at ${instant.toISOString()}`).toBe(
            coveredByModel(weekdays, start, end, instant, timeZone),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
