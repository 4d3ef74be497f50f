import type { Schedule, Zone } from "./types";

// What the engine needs of a zone, in plain words, so the zones capability can refuse a bad one with a 4xx before it
// is stored (the engine itself trusts its input: a zone that fails here can make evaluate throw or misjudge).

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAYS = new Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

function positionProblem(p: unknown, where: string): string | null {
  if (!Array.isArray(p) || p.length < 2) return `${where} is not a [longitude, latitude] pair`;
  const [lon, lat] = p as number[];
  if (typeof lon !== "number" || !Number.isFinite(lon) || lon < -180 || lon > 180) return `${where} has a longitude outside −180…180`;
  if (typeof lat !== "number" || !Number.isFinite(lat) || lat < -90 || lat > 90) return `${where} has a latitude outside −90…90`;
  return null;
}

/** Problems with a schedule, each a sentence; empty when it is usable. */
export function scheduleProblems(schedule: Schedule): string[] {
  const problems: string[] = [];
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: schedule.timeZone });
  } catch {
    problems.push(`"${schedule.timeZone}" is not a known time zone`);
  }
  schedule.windows.forEach((w, i) => {
    if (w.days.length === 0) problems.push(`Window ${i + 1} has no days`);
    for (const d of w.days) if (!DAYS.has(d)) problems.push(`Window ${i + 1} has an unknown day "${d}"`);
    if (!CLOCK.test(w.start)) problems.push(`Window ${i + 1} starts at "${w.start}", not a time HH:MM`);
    if (!CLOCK.test(w.end)) problems.push(`Window ${i + 1} ends at "${w.end}", not a time HH:MM`);
  });
  schedule.exceptions.forEach((e, i) => {
    if (!(e.from.getTime() < e.to.getTime())) problems.push(`Exception ${i + 1} ends before it starts`);
  });
  return problems;
}

/** Problems with a zone, each a sentence; empty when the engine can evaluate it. */
export function zoneProblems(zone: Zone): string[] {
  const problems: string[] = [];
  const g = zone.geometry;
  if (g.type === "Circle") {
    const p = positionProblem(g.center, "The circle's centre");
    if (p) problems.push(p);
    if (!(Number.isFinite(g.radiusMeters) && g.radiusMeters > 0 && g.radiusMeters <= 100_000)) {
      problems.push("The circle's radius must be more than 0 and at most 100 km");
    }
  } else if (g.type === "Polygon") {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) problems.push("The polygon has no outline");
    else {
      g.coordinates.forEach((ring, r) => {
        const name = r === 0 ? "The polygon's outline" : `Hole ${r}`;
        if (!Array.isArray(ring) || ring.length < 4) {
          problems.push(`${name} needs at least three corners`);
          return;
        }
        ring.forEach((p, i) => {
          const problem = positionProblem(p, `${name}, point ${i + 1},`);
          if (problem) problems.push(problem);
        });
        const first = ring[0]!;
        const last = ring[ring.length - 1]!;
        if (first[0] !== last[0] || first[1] !== last[1]) problems.push(`${name} is not closed (GeoJSON repeats the first point last)`);
      });
      const lons = g.coordinates[0]?.map((p) => p[0]!) ?? [];
      if (lons.length > 0 && Math.max(...lons) - Math.min(...lons) > 180)
        problems.push("Zones across the 180th meridian are not supported");
    }
  } else {
    problems.push("The zone is neither a polygon nor a circle");
  }
  if (!(Number.isFinite(zone.bufferMeters) && zone.bufferMeters >= 0 && zone.bufferMeters <= 50_000)) {
    problems.push("The buffer must be between 0 and 50 km");
  }
  if (Number.isNaN(zone.validFrom.getTime())) problems.push("The zone has no valid start");
  if (zone.validTo && !(zone.validTo.getTime() > zone.validFrom.getTime())) problems.push("The zone ends before it starts");
  if (zone.schedule) problems.push(...scheduleProblems(zone.schedule));
  return problems;
}
