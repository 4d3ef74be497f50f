import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TodayList } from "../../../shared/contract/today";
import { addDays } from "../../../shared/time/calendar-date";
import { drawProbability, makeDueDraws } from "../../features/testing/testing.service";
import { createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { generateSupervisionData, storyClusterSize, storyOfficer } from "./generate";

// Tuesday 2 June 2026, 7 am in New York (the demo agency's zone): before the day's first appointment and after the draw hour.
const asOf = new Date("2026-06-02T11:00:00Z");
const today = "2026-06-02";
const zone = "America/New_York";

const kilometres = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};

describe(`the demo data's story (${engineName})`, () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(asOf);
    await generateSupervisionData(test.db, { scale: "demo", asOf });
  });
  afterAll(() => test.close());

  it("has every contact on a weekday within office hours in the agency's zone, none after the present", async () => {
    const [row] = await test.db.query<{ contacts: number; outside: number; future: number; agency_zone: string }>(
      `SELECT count(*)::int AS contacts,
              count(*) FILTER (WHERE extract(isodow FROM occurred_at AT TIME ZONE $1) > 5
                                  OR (occurred_at AT TIME ZONE $1)::time NOT BETWEEN '08:30' AND '17:00')::int AS outside,
              count(*) FILTER (WHERE occurred_at > $2)::int AS future,
              (SELECT time_zone FROM agency LIMIT 1) AS agency_zone
         FROM contact`,
      [zone, asOf],
    );
    expect(row!.agency_zone).toBe(zone);
    expect(row!.contacts).toBeGreaterThan(500);
    expect(row!.outside).toBe(0);
    expect(row!.future).toBe(0);
  });

  it("fills the demo officer's calendar for the coming two weeks, in office hours and with their own people", async () => {
    const rows = await test.db.query<{ day: string; appointments: number; outside: number; others: number }>(
      `SELECT to_char(a.starts_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day, count(*)::int AS appointments,
              count(*) FILTER (WHERE (a.starts_at AT TIME ZONE $2)::time NOT BETWEEN '08:30' AND '17:00'
                                  OR a.status <> 'scheduled' OR a.starts_at < $3)::int AS outside,
              count(*) FILTER (WHERE c.officer_id <> u.id)::int AS others
         FROM appointment a JOIN app_user u ON u.id = a.officer_id JOIN supervision_case c ON c.id = a.case_id
        WHERE u.username = $1 GROUP BY 1 ORDER BY 1`,
      [storyOfficer, zone, asOf],
    );
    const weekdays = Array.from({ length: 14 }, (_, offset) => addDays(today, offset)).filter(
      (date) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()),
    );
    // Yesterday's missed office visit (the follow-up task's story) is in the past, not on the coming calendar.
    const coming = rows.filter((row) => row.day >= today);
    expect(coming.map((row) => row.day)).toEqual(weekdays);
    for (const row of coming) {
      expect(row.appointments, row.day).toBeGreaterThanOrEqual(1);
      expect(row.outside, row.day).toBe(0);
      expect(row.others, row.day).toBe(0);
    }
    // Each booked appointment is an open task of its day in the agency's zone, with its history, made by its booker.
    const [tasks] = await test.db.query<{ appointments: number; tasks: number; histories: number; wrong: number }>(
      `SELECT count(*)::int AS appointments, count(t.id)::int AS tasks,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM task_change h WHERE h.task_id = t.id AND h.status = 'open'))::int AS histories,
              count(*) FILTER (WHERE t.due_on <> (a.starts_at AT TIME ZONE $1)::date OR t.created_by <> a.created_by
                                  OR t.source_occurred_at <> a.starts_at)::int AS wrong
         FROM appointment a
         LEFT JOIN task t ON t.kind = 'appointment' AND t.source_type = 'appointment' AND t.source_id = a.id AND t.status = 'open'
        WHERE a.status = 'scheduled'`,
      [zone],
    );
    expect(tasks!.appointments).toBeGreaterThan(20);
    expect(tasks).toEqual({ appointments: tasks!.appointments, tasks: tasks!.appointments, histories: tasks!.appointments, wrong: 0 });
  });

  it("enrols enough people in random testing that the day's draw is expected to select several", async () => {
    const programs = await test.db.query<{ tests_per_month: number }>(
      "SELECT tp.tests_per_month FROM testing_program tp JOIN supervision_case c ON c.id = tp.case_id WHERE tp.active AND c.status = 'active'",
    );
    const expectedSelections = programs.reduce((sum, program) => sum + drawProbability(program.tests_per_month, 0, today), 0);
    // Three expected a day: the chance that a day's draw selects nobody is about e^-3, one day in twenty.
    expect(expectedSelections).toBeGreaterThanOrEqual(3);

    expect(await makeDueDraws(test.deps, asOf)).toBe(1);
    const [draw] = await test.db.query<{ candidates: number }>(
      "SELECT count(*)::int AS candidates FROM random_draw d JOIN random_draw_candidate c ON c.draw_id = d.id WHERE d.draw_date = $1",
      [today],
    );
    expect(draw!.candidates).toBe(programs.length);
  });

  it("gives the demo officer's Today page a few people overdue for a field contact, living close together", async () => {
    // The contacts due are contact_due tasks, stored with the demo data (not left to the job's first run).
    const officer = await signIn(test, storyOfficer);
    const response = await officer.get("/api/v1/today");
    expect(response.statusCode).toBe(200);
    const list = response.json() as TodayList;
    const overdue = list.items.filter(
      (item) =>
        item.address?.latitude != null &&
        item.tasks.some((task) => task.kind === "contact_due" && task.requirement === "field" && task.status === "overdue"),
    );
    const located = overdue.map((item) => ({ latitude: item.address!.latitude!, longitude: item.address!.longitude! }));
    // At least storyClusterSize of them within 2.5 km of one of them: a morning's route, not a tour of the county.
    const neighbours = located.map((here) => located.filter((there) => kilometres(here, there) <= 2.5).length);
    expect(Math.max(0, ...neighbours)).toBeGreaterThanOrEqual(storyClusterSize);
  });

  it("monitors two of the story officer's people with a GPS device and zones on the route14 trajectory, and makes the curfews' home zones", async () => {
    const devices = await test.db.query<{ status: string; count: number }>(
      "SELECT status, count(*)::int AS count FROM monitoring_device GROUP BY status ORDER BY status",
    );
    expect(devices).toEqual([
      { status: "assigned", count: 2 },
      { status: "in_stock", count: 8 },
    ]);
    const zones = await test.db.query<{ name: string; min_lon: number; max_lat: number }>(
      `SELECT z.name, z.min_lon, z.max_lat FROM monitoring_zone z JOIN monitoring_activation a ON a.case_id = z.case_id WHERE z.condition_id IS NULL
       UNION ALL SELECT name, min_lon, max_lat FROM monitoring_zone WHERE case_id IS NULL`,
    );
    expect(zones.length).toBe(5);
    // Liverpool, where the shipped trajectory runs (lon -2.98 … -2.89, lat 53.40 … 53.46, with the zones' reach).
    for (const zone of zones) {
      expect(zone.min_lon, zone.name).toBeGreaterThan(-3.0);
      expect(zone.max_lat, zone.name).toBeLessThan(53.47);
    }
    const [curfews] = await test.db.query<{ zones: number }>(
      "SELECT count(*)::int AS zones FROM monitoring_zone WHERE condition_id IS NOT NULL AND purpose = 'home'",
    );
    expect(curfews!.zones).toBeGreaterThan(0);
  });
});
