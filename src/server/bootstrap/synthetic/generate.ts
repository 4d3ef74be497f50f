// Synthetic supervision data at three scales, reproducible from a seed, loaded with COPY.
// Names come from faker's bundled English lists; every person is fictitious.

import { en, Faker } from "@faker-js/faker";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import { hashPassword } from "../../features/auth/password-policy";
import { createAppointmentTasks } from "../../features/contacts/appointments.service";
import { refreshDueStandings } from "../../features/contacts/contact-standing";
import type { Database } from "../../platform/db/database";
import { raiseEvent } from "../../platform/events/supervision-events";
import { demoPassword } from "../demo-accounts";
import { loadMonitoringDemo } from "./monitoring-demo";

export const scales = {
  demo: { units: 0, officersPerUnit: 0, cases: 150, years: 1, notesPerCaseYear: 12 },
  county: { units: 4, officersPerUnit: 15, cases: 4_000, years: 2, notesPerCaseYear: 12 },
  state: { units: 100, officersPerUnit: 20, cases: 100_000, years: 5, notesPerCaseYear: 21 },
} as const;
export type ScaleName = keyof typeof scales;

export type GenerationResult = { officers: number; cases: number; notes: number };
export type Progress = (done: number, total: number) => void;

const chunkSize = 500;
// Around Atlanta, Georgia: the NIJ recidivism data the project also uses is Georgia parole.
const home = { latitude: 33.749, longitude: -84.388 };

type Officer = { id: string; unitId: string; username: string };

/** The demo officer whose calendar, draw and Today route the demo data tells a story for (README's first officer). */
export const storyOfficer = "officer.north1";
/** How many of the story officer's people are overdue for a field contact, living within a few streets of each other. */
export const storyClusterSize = 5;
// East Atlanta: about 5 km east of downtown, where the other addresses are spread.
const clusterCentre = { latitude: 33.7405, longitude: -84.3452 };
/** Office hours on the agency's wall clock, in minutes after midnight: contacts and appointments fall inside them. */
export const officeHours = { opens: 8 * 60 + 30, closes: 17 * 60 };

// One formatter per zone (building one costs far more than using it).
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the wall clock of a zone is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(at: number, timeZone: string): number {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(at).map((item) => [item.type, Number(item.value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!) - (at - (at % 1000));
}

// The offset at noon of each date and zone: the same all through office hours (clocks change at night), and
// a few thousand dates cover a state-scale load of millions of contacts.
const noonOffsets = new Map<string, number>();

/** The instant a zone's wall clock shows `minutes` after midnight on a calendar date, for times in office hours. */
export function wallClockInstant(date: string, minutes: number, timeZone: string): Date {
  const midnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const key = `${timeZone} ${date}`;
  let offset = noonOffsets.get(key);
  if (offset === undefined) {
    const noon = midnight + 12 * 3_600_000;
    offset = zoneOffsetMs(noon - zoneOffsetMs(noon, timeZone), timeZone);
    noonOffsets.set(key, offset);
  }
  return new Date(midnight + minutes * 60_000 - offset);
}

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
/** The weekday on or before a date (Saturday and Sunday become Friday). */
const weekdayOnOrBefore = (date: string): string => (isWeekend(date) ? weekdayOnOrBefore(addDays(date, -1)) : date);

const levelWeights = [
  { value: "intensive", weight: 5 },
  { value: "high", weight: 20 },
  { value: "moderate", weight: 40 },
  { value: "low", weight: 30 },
  { value: "administrative", weight: 5 },
] as const;
const riskFor = { intensive: "very_high", high: "high", moderate: "moderate", low: "low", administrative: "low" } as const;
const noteTypes = [
  { value: "contact", weight: 20 },
  { value: "office", weight: 25 },
  { value: "home_visit", weight: 20 },
  { value: "phone", weight: 15 },
  { value: "collateral", weight: 12 },
  { value: "administrative", weight: 6 },
  { value: "supervisor_review", weight: 2 },
] as const;
// Notes that document a contact get the contact record too.
const contactTypeOf: Partial<Record<(typeof noteTypes)[number]["value"], (faker: Faker) => string>> = {
  office: () => "office_visit",
  home_visit: (faker) =>
    faker.helpers.weightedArrayElement([
      { value: "scheduled_home_visit", weight: 60 },
      { value: "unannounced_home_visit", weight: 40 },
    ]),
  contact: (faker) => faker.helpers.arrayElement(["field_visit", "employment_visit"]),
  phone: () => "phone",
  collateral: () => "collateral",
};
const outcomes = [
  { value: "completed", weight: 88 },
  { value: "attempted", weight: 8 },
  { value: "no_show", weight: 4 },
] as const;
const offenses = [
  ["Possession of a controlled substance", "felony"],
  ["Burglary, second degree", "felony"],
  ["Theft by taking", "felony"],
  ["Aggravated assault", "felony"],
  ["Driving under the influence", "misdemeanor"],
  ["Simple battery", "misdemeanor"],
  ["Forgery, first degree", "felony"],
  ["Possession of a firearm by a convicted felon", "felony"],
  ["Criminal trespass", "misdemeanor"],
  ["Robbery", "felony"],
] as const;
const openings = {
  contact: [
    "Met with the client in the community.",
    "Field contact at the client's workplace.",
    "Face-to-face contact at the bus station near the job site.",
  ],
  office: [
    "Client reported to the office as directed.",
    "Office visit; client arrived on time.",
    "Office report; client arrived 20 minutes late.",
  ],
  home_visit: [
    "Home visit at the approved residence.",
    "Unannounced home visit; client present.",
    "Home visit; client's mother answered the door.",
  ],
  phone: [
    "Phone check-in with the client.",
    "Client called to report a change of work schedule.",
    "Left a voicemail; client returned the call the same day.",
  ],
  collateral: [
    "Spoke with the employer, who confirmed attendance.",
    "Collateral contact with the treatment provider.",
    "Spoke with the client's sister about housing.",
  ],
  administrative: ["Updated the case plan goals.", "Reviewed the court order and conditions.", "Prepared the quarterly progress report."],
  supervisor_review: [
    "Supervisor case review completed.",
    "Reviewed the supervision level with the supervisor.",
    "Supervisor reviewed the violation response.",
  ],
} as const;
const observations = [
  "Discussed employment search and upcoming interviews.",
  "Client reports attending outpatient treatment twice a week.",
  "Drug test collected; results pending from the lab.",
  "Residence clean, no contraband observed.",
  "Client is behind on supervision fees; payment plan discussed.",
  "Reviewed curfew compliance; no violations reported.",
  "Client completed 10 hours of community service this month.",
  "Client expressed stress about housing; referred to the reentry housing program.",
  "Talked through relapse prevention plan and triggers.",
  "Client enrolled in GED classes at the community college.",
  "Verified employment with pay stubs.",
  "Client reports a new phone number; record updated.",
];

export async function generateSupervisionData(
  db: Database,
  options: { scale: ScaleName; seed?: number; asOf?: Date; onProgress?: Progress },
): Promise<GenerationResult> {
  const scale = scales[options.scale];
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed ?? 2026);
  const asOf = options.asOf ?? new Date();
  const day = 86_400_000;
  const toDate = (time: number) => new Date(time).toISOString().slice(0, 10);
  const story = options.scale === "demo";

  const [agency] = await db.query<{ id: string; name: string; time_zone: string }>(
    "SELECT id, name, time_zone FROM agency ORDER BY created_at LIMIT 1",
  );
  if (!agency) throw new Error("Create the agency first (start the server once, or run the demo bootstrap).");
  const officers = await ensureOfficers(db, faker, agency.id, scale);
  if (officers.length === 0) throw new Error("The agency has no officers to assign cases to.");
  const timeZone = agency.time_zone;
  const today = localDate(asOf, timeZone);
  /**
   * A contact on the day of `time` in the agency's zone, on a weekday within office hours and before asOf: officers
   * see people at work, not at 3 am on a Sunday.
   */
  const duringOfficeHours = (time: number): Date => {
    let date = weekdayOnOrBefore(localDate(new Date(Math.min(time, asOf.getTime())), timeZone));
    const minutes = faker.number.int({ min: officeHours.opens, max: officeHours.closes - 30 });
    while (wallClockInstant(date, minutes, timeZone).getTime() > asOf.getTime()) date = weekdayOnOrBefore(addDays(date, -1));
    return wallClockInstant(date, minutes, timeZone);
  };
  const storyOfficerIndex = officers.findIndex((officer) => officer.username === storyOfficer);
  let clusterLeft = story && storyOfficerIndex >= 0 ? storyClusterSize : 0;
  const catalogue = await db.query<{ id: string; code: string; is_standard: boolean }>(
    "SELECT id, code, is_standard FROM condition_type WHERE agency_id = $1",
    [agency.id],
  );
  const standardConditions = catalogue.filter((entry) => entry.is_standard);
  const special = (code: string) => catalogue.find((entry) => entry.code === code)?.id;
  const [{ existing }] = (await db.query<{ existing: number }>("SELECT count(*)::int AS existing FROM person WHERE agency_id = $1", [
    agency.id,
  ])) as [{ existing: number }];

  // Building the note indexes once after the load is far faster than maintaining them row by row.
  const deferredIndexes = options.scale === "demo" ? [] : await dropSecondaryIndexes(db, "case_note");
  let notes = 0;
  const storyCases: StoryCase[] = [];
  for (let start = 0; start < scale.cases; start += chunkSize) {
    const rows = {
      person: [] as unknown[][],
      person_address: [] as unknown[][],
      safety_caution: [] as unknown[][],
      supervision_case: [] as unknown[][],
      case_offense: [] as unknown[][],
      case_assignment: [] as unknown[][],
      case_condition: [] as unknown[][],
      case_note: [] as unknown[][],
      contact: [] as unknown[][],
    };
    for (let index = start; index < Math.min(scale.cases, start + chunkSize); index++) {
      const number = existing + index + 1;
      const officer = officers[index % officers.length]!;
      // The story officer's first few people: overdue for a field contact, living close together (see storyOfficer).
      const inCluster = clusterLeft > 0 && index % officers.length === storyOfficerIndex;
      if (inCluster) clusterLeft--;
      const personId = faker.string.uuid();
      const caseId = faker.string.uuid();
      const sex = faker.helpers.weightedArrayElement([
        { value: "male" as const, weight: 82 },
        { value: "female" as const, weight: 18 },
      ]);
      rows.person.push([
        personId,
        agency.id,
        `P${String(number).padStart(7, "0")}`,
        `GA${faker.string.numeric(8)}${number}`,
        faker.datatype.boolean(0.6) ? `${faker.string.numeric(6)}${faker.string.alpha({ length: 2, casing: "upper" })}${number}` : null,
        faker.person.firstName(sex),
        faker.datatype.boolean(0.5) ? faker.person.middleName(sex) : null,
        faker.person.lastName(),
        toDate(asOf.getTime() - faker.number.int({ min: 19 * 365, max: 70 * 365 }) * day),
        sex,
        faker.phone.number({ style: "national" }),
      ]);
      const startTime = asOf.getTime() - faker.number.int({ min: inCluster ? 200 : 7, max: Math.max(scale.years * 365, 365) }) * day;
      // The cluster's last field contact was over two months ago, so this period's and the last one's are open.
      const historyEnd = inCluster ? asOf.getTime() - 70 * day : asOf.getTime();
      rows.person_address.push([
        faker.string.uuid(),
        personId,
        faker.location.streetAddress(),
        faker.datatype.boolean(0.2) ? faker.location.secondaryAddress() : null,
        faker.helpers.arrayElement(["Atlanta", "Decatur", "Marietta", "East Point", "Smyrna", "College Park"]),
        "GA",
        faker.location.zipCode("303##"),
        ...(inCluster
          ? [
              clusterCentre.latitude + faker.number.float({ min: -0.008, max: 0.008, fractionDigits: 5 }),
              clusterCentre.longitude + faker.number.float({ min: -0.01, max: 0.01, fractionDigits: 5 }),
            ]
          : [
              home.latitude + faker.number.float({ min: -0.25, max: 0.25, fractionDigits: 5 }),
              home.longitude + faker.number.float({ min: -0.3, max: 0.3, fractionDigits: 5 }),
            ]),
        toDate(startTime),
        // Nearly every address was verified by a home visit a few days after the move; recent moves may not be yet.
        ...(inCluster || asOf.getTime() - startTime > 21 * day || faker.datatype.boolean(0.5)
          ? ["verified", toDate(startTime + faker.number.int({ min: 1, max: 9 }) * day)]
          : ["unverified", null]),
      ]);
      if (faker.datatype.boolean(0.12)) {
        const [kind, description] = faker.helpers.arrayElement([
          ["violence", "History of assault on a law enforcement officer."],
          ["dog", "Large dog at the residence; call ahead."],
          ["weapons", "Prior firearm possession; others in the household may own firearms."],
          ["residence_hazard", "Shared house with reported drug activity; visit in pairs."],
        ] as const);
        rows.safety_caution.push([faker.string.uuid(), personId, kind, description]);
      }
      const level = inCluster ? "moderate" : faker.helpers.weightedArrayElement(levelWeights);
      const supervisionType = faker.helpers.weightedArrayElement([
        { value: "parole", weight: 40 },
        { value: "probation", weight: 60 },
      ]);
      const tags: string[] = faker.helpers.arrayElements(
        ["substance_use", "mental_health", "employment", "reentry", "homeless", "gang", "veterans"],
        { min: 0, max: 2 },
      );
      if (level === "intensive") tags.push("high_risk");
      const status = inCluster
        ? "active"
        : faker.helpers.weightedArrayElement([
            { value: "active", weight: 94 },
            { value: "warrant", weight: 3 },
            { value: "in_custody", weight: 2 },
            { value: "tolled", weight: 1 },
          ]);
      if (story && status === "active") {
        const address = rows.person_address.at(-1)!;
        storyCases.push({
          caseId,
          officer,
          startedOn: toDate(startTime),
          substanceUse: tags.includes("substance_use"),
          home: `${address[2]}, ${address[4]}`,
        });
      }
      rows.supervision_case.push([
        caseId,
        agency.id,
        personId,
        `${supervisionType === "parole" ? "PA" : "PR"}-${String(number).padStart(7, "0")}`,
        supervisionType,
        supervisionType === "parole"
          ? "State Board of Pardons and Paroles"
          : `${faker.helpers.arrayElement(["Fulton", "DeKalb", "Cobb", "Clayton"])} County Superior Court`,
        supervisionType === "probation" ? `${toDate(startTime).slice(0, 4)}CR${faker.string.numeric(6)}` : null,
        toDate(startTime),
        toDate(startTime + faker.number.int({ min: 1, max: 5 }) * 365 * day),
        status,
        level,
        faker.datatype.boolean(0.92) ? riskFor[level] : null,
        tags,
        officer.unitId,
        officer.id,
      ]);
      const [offense, severity] = faker.helpers.arrayElement(offenses);
      rows.case_offense.push([
        faker.string.uuid(),
        caseId,
        offense,
        severity,
        toDate(startTime - faker.number.int({ min: 30, max: 900 }) * day),
      ]);
      rows.case_assignment.push([faker.string.uuid(), caseId, officer.id, officer.unitId, new Date(startTime), "Intake"]);
      const orderedBy = supervisionType === "parole" ? "State Board of Pardons and Paroles" : "Superior Court";
      for (const condition of standardConditions)
        rows.case_condition.push([faker.string.uuid(), caseId, condition.id, {}, toDate(startTime), orderedBy, "compliant"]);
      const specials: [string | undefined, Record<string, unknown>][] = [];
      if (tags.includes("substance_use")) specials.push([special("DRUG-TEST"), { frequency: "random", testsPerMonth: 2 }]);
      if (level === "intensive" || faker.datatype.boolean(0.15)) specials.push([special("CURFEW"), { start: "21:00", end: "06:00" }]);
      if (faker.datatype.boolean(0.3)) specials.push([special("FEES"), { amountCents: 3000, frequency: "monthly" }]);
      for (const [typeId, parameters] of specials) {
        if (typeId)
          rows.case_condition.push([
            faker.string.uuid(),
            caseId,
            typeId,
            parameters,
            toDate(startTime),
            orderedBy,
            faker.helpers.arrayElement(["compliant", "pending", "non_compliant"]),
          ]);
      }
      const spanDays = Math.max(1, Math.floor((historyEnd - startTime) / day));
      const noteCount = Math.max(1, Math.round((spanDays / 365) * scale.notesPerCaseYear * faker.number.float({ min: 0.6, max: 1.4 })));
      for (let n = 0; n < noteCount; n++) {
        const noteType = faker.helpers.weightedArrayElement(noteTypes);
        const occurred = duringOfficeHours(startTime + faker.number.int({ min: 0, max: spanDays * day - 1 }));
        const narrative = `${faker.helpers.arrayElement(openings[noteType])} ${faker.helpers.arrayElements(observations, { min: 1, max: 3 }).join(" ")}`;
        const noteId = faker.string.uuid();
        rows.case_note.push([
          noteId,
          caseId,
          noteType,
          occurred,
          officer.id,
          narrative,
          new Date(occurred.getTime() + 3_600_000),
          occurred,
        ]);
        const contactType = contactTypeOf[noteType];
        if (contactType) {
          rows.contact.push([
            faker.string.uuid(),
            caseId,
            contactType(faker),
            occurred,
            faker.helpers.weightedArrayElement(outcomes),
            officer.id,
            noteId,
            occurred,
          ]);
        }
      }
      notes += noteCount;
      // Recent months follow the contact standards, as a real caseload mostly does: most people are seen as
      // required, some half as often, a few not at all; that gives the caseload its mix of met and overdue.
      const monthlyContacts = { intensive: 8, high: 4, moderate: 2, low: 1, administrative: 0 }[level];
      const compliance = faker.helpers.weightedArrayElement([
        { value: 1, weight: 65 },
        { value: 0.5, weight: 25 },
        { value: 0, weight: 10 },
      ]);
      for (let monthsBack = 0; monthsBack <= 3; monthsBack++) {
        const monthStart = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - monthsBack, 1);
        const monthEnd = Math.min(asOf.getTime() - day, Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - monthsBack + 1, 1) - day);
        if (monthEnd <= Math.max(monthStart, startTime)) continue;
        const share = monthsBack === 0 ? (monthEnd - monthStart) / (30 * day) : 1;
        const count = Math.round(monthlyContacts * compliance * share);
        for (let n = 0; n < count; n++) {
          const occurred = duringOfficeHours(faker.number.int({ min: Math.max(monthStart, startTime), max: monthEnd }) + 14 * 3_600_000);
          // Half of the required contacts are in the field, as the standards ask (the cluster's only in the office).
          const contactType =
            n % 2 === 0 && !inCluster
              ? faker.helpers.arrayElement(["scheduled_home_visit", "unannounced_home_visit", "field_visit"])
              : "office_visit";
          const noteId = faker.string.uuid();
          const noteType = contactType === "office_visit" ? "office" : contactType === "field_visit" ? "contact" : "home_visit";
          const narrative = `${faker.helpers.arrayElement(openings[noteType])} ${faker.helpers.arrayElement(observations)}`;
          rows.case_note.push([
            noteId,
            caseId,
            noteType,
            occurred,
            officer.id,
            narrative,
            new Date(occurred.getTime() + 3_600_000),
            occurred,
          ]);
          rows.contact.push([faker.string.uuid(), caseId, contactType, occurred, "completed", officer.id, noteId, occurred]);
          notes += 1;
        }
      }
    }
    await db.copyRows(
      "person",
      [
        "id",
        "agency_id",
        "agency_person_number",
        "state_id",
        "fbi_number",
        "first_name",
        "middle_name",
        "last_name",
        "date_of_birth",
        "sex",
        "phone",
      ],
      rows.person,
    );
    await db.copyRows(
      "person_address",
      [
        "id",
        "person_id",
        "line1",
        "line2",
        "city",
        "state",
        "postal_code",
        "latitude",
        "longitude",
        "moved_in",
        "verification_status",
        "verified_on",
      ],
      rows.person_address,
    );
    await db.copyRows("safety_caution", ["id", "person_id", "kind", "description"], rows.safety_caution);
    await db.copyRows(
      "supervision_case",
      [
        "id",
        "agency_id",
        "person_id",
        "case_number",
        "supervision_type",
        "authority_name",
        "docket_number",
        "supervision_start",
        "expected_end",
        "status",
        "supervision_level",
        "risk_level",
        "tags",
        "unit_id",
        "officer_id",
      ],
      rows.supervision_case,
    );
    await db.copyRows("case_offense", ["id", "case_id", "description", "severity", "convicted_on"], rows.case_offense);
    await db.copyRows("case_assignment", ["id", "case_id", "officer_id", "unit_id", "started_at", "reason"], rows.case_assignment);
    await db.copyRows(
      "case_condition",
      ["id", "case_id", "condition_type_id", "parameters", "effective_from", "ordered_by", "compliance"],
      rows.case_condition,
    );
    await db.copyRows(
      "case_note",
      ["id", "case_id", "note_type", "occurred_at", "author_id", "narrative", "signed_at", "created_at"],
      rows.case_note,
    );
    await db.copyRows(
      "contact",
      ["id", "case_id", "contact_type", "occurred_at", "outcome", "officer_id", "note_id", "created_at"],
      rows.contact,
    );
    options.onProgress?.(Math.min(scale.cases, start + chunkSize), scale.cases);
  }
  if (story) await loadStory(db, faker, { cases: storyCases, today, asOf, timeZone });
  if (story) {
    // Two of the story officer's people wear a GPS device (not the first, whose missed appointment is the story's).
    const monitored = storyCases
      .filter((item) => item.officer.username === storyOfficer)
      .slice(1, 3)
      .map((item) => ({ caseId: item.caseId, officerId: item.officer.id }));
    await loadMonitoringDemo(db, { agencyId: agency.id, timeZone, asOf, monitored });
  }
  for (const definition of deferredIndexes) await db.exec(definition);
  // VACUUM marks the loaded pages all-visible, so index-only scans need not visit the table.
  await db.exec("VACUUM ANALYZE");
  // The demo's first morning is whole from the first page: its contact standards and their contact_due tasks (Today,
  // the caseload) are stored now, as the periodic job would a few seconds after start (it then finds nothing due).
  // Larger scales leave that to the job's first run, which works through them in batches.
  if (story) await refreshDueStandings(db, asOf);
  return { officers: officers.length, cases: scale.cases, notes };
}

type StoryCase = { caseId: string; officer: Officer; startedOn: string; substanceUse: boolean; home: string };

/**
 * What makes the demo's first morning make sense: each officer's calendar for the coming two weeks, and random
 * testing for the people with a substance-use tag and some others, enough that the day's draw selects people.
 */
async function loadStory(
  db: Database,
  faker: Faker,
  story: { cases: StoryCase[]; today: string; asOf: Date; timeZone: string },
): Promise<void> {
  const { cases, today, asOf, timeZone } = story;
  const appointments: unknown[][] = [];
  const officers = [...new Map(cases.map((item) => [item.officer.id, item.officer])).values()];
  // Office visits through the day and one home visit after lunch, on each weekday from today on.
  const slots = [
    { minutes: 9 * 60, length: 30, type: "office_visit" },
    { minutes: 10 * 60 + 30, length: 30, type: "office_visit" },
    { minutes: 13 * 60 + 30, length: 45, type: "scheduled_home_visit" },
    { minutes: 15 * 60, length: 30, type: "office_visit" },
  ] as const;
  for (const officer of officers) {
    const theirs = cases.filter((item) => item.officer.id === officer.id);
    const office = (await db.query<{ name: string }>("SELECT name FROM unit WHERE id = $1", [officer.unitId]))[0]?.name ?? null;
    let next = faker.number.int({ min: 0, max: theirs.length - 1 });
    for (let offset = 0; offset < 14; offset++) {
      const date = addDays(today, offset);
      if (isWeekend(date)) continue;
      for (const slot of slots) {
        const startsAt = wallClockInstant(date, slot.minutes, timeZone);
        // Some slots stay free, and none is in the past: the calendar is what is still to come.
        if (startsAt.getTime() <= asOf.getTime() || faker.datatype.boolean(0.2)) continue;
        const person = theirs[next++ % theirs.length]!;
        appointments.push([
          faker.string.uuid(),
          person.caseId,
          officer.id,
          slot.type,
          startsAt,
          new Date(startsAt.getTime() + slot.length * 60_000),
          slot.type === "office_visit" ? office : person.home,
          "scheduled",
          officer.id,
          asOf,
          asOf,
        ]);
      }
    }
  }
  await db.copyRows(
    "appointment",
    [
      "id",
      "case_id",
      "officer_id",
      "appointment_type",
      "starts_at",
      "ends_at",
      "location",
      "status",
      "created_by",
      "created_at",
      "updated_at",
    ],
    appointments,
  );
  // Each booked appointment is a task of its day, made as booking one makes it (appointments.service), all in one
  // statement: one by one they were several hundred round trips on the first start.
  await db.transaction((tx) =>
    createAppointmentTasks(
      tx,
      (appointments as [string, string, unknown, unknown, Date, unknown, unknown, unknown, string][]).map(
        ([appointmentId, caseId, , , startsAt, , , , by]) => ({ appointmentId, caseId, startsAt, by }),
      ),
      asOf,
    ),
  );

  // Yesterday someone of the story officer missed an office visit: the missed-appointment event, whose consumer
  // (through the job queue, once the server runs) makes the officer's follow-up.
  const storyCase = cases.find((item) => item.officer.username === storyOfficer);
  if (storyCase) {
    const startsAt = wallClockInstant(addDays(today, -1), 11 * 60, timeZone);
    const appointmentId = faker.string.uuid();
    const columns = [
      "id",
      "case_id",
      "officer_id",
      "appointment_type",
      "starts_at",
      "ends_at",
      "status",
      "created_by",
      "created_at",
      "updated_at",
    ];
    const created = new Date(startsAt.getTime() - 7 * 86_400_000);
    await db.copyRows("appointment", columns, [
      [
        appointmentId,
        storyCase.caseId,
        storyCase.officer.id,
        "office_visit",
        startsAt,
        new Date(startsAt.getTime() + 30 * 60_000),
        "missed",
        storyCase.officer.id,
        created,
        asOf,
      ],
    ]);
    await db.transaction((tx) =>
      raiseEvent(tx, {
        caseId: storyCase.caseId,
        kind: "missed_appointment",
        sourceType: "appointment",
        sourceId: appointmentId,
        occurredAt: startsAt,
        details: { outcome: "no_show" },
        now: asOf,
      }),
    );
  }

  const programs = cases
    .filter((item) => item.substanceUse || faker.datatype.boolean(0.15))
    .map((item) => [
      faker.string.uuid(),
      item.caseId,
      "random",
      item.substanceUse ? 4 : 2,
      item.substanceUse ? ["thc", "cocaine", "opiates", "fentanyl", "alcohol"] : ["thc", "alcohol"],
      "urine",
      true,
      item.startedOn,
      item.officer.id,
      asOf,
    ]);
  await db.copyRows(
    "testing_program",
    ["id", "case_id", "frequency", "tests_per_month", "panel", "method", "active", "started_on", "created_by", "created_at"],
    programs,
  );
}

/** Drops a table's indexes other than its primary key and returns their definitions, to re-create them as they were. */
async function dropSecondaryIndexes(db: Database, table: string): Promise<string[]> {
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = $1
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const index of indexes) await db.exec(`DROP INDEX ${index.indexname}`);
  return indexes.map((index) => index.indexdef);
}

/** Demo scale uses the agency's existing officers; larger scales add units with a supervisor and officers each. */
async function ensureOfficers(db: Database, faker: Faker, agencyId: string, scale: (typeof scales)[ScaleName]): Promise<Officer[]> {
  if (scale.units > 0) {
    const passwordHash = await hashPassword(demoPassword);
    const units: unknown[][] = [];
    const users: unknown[][] = [];
    const [{ count }] = (await db.query<{ count: number }>("SELECT count(*)::int AS count FROM unit WHERE agency_id = $1", [agencyId])) as [
      { count: number },
    ];
    for (let u = 1; u <= scale.units; u++) {
      const unitId = faker.string.uuid();
      const unitNumber = count + u;
      units.push([unitId, agencyId, `${faker.location.county()} Office ${unitNumber}`]);
      users.push([
        faker.string.uuid(),
        agencyId,
        unitId,
        `supervisor.u${unitNumber}`,
        faker.person.fullName(),
        ["supervisor"],
        passwordHash,
        new Date(),
      ]);
      for (let o = 1; o <= scale.officersPerUnit; o++) {
        users.push([
          faker.string.uuid(),
          agencyId,
          unitId,
          `officer.u${unitNumber}.${o}`,
          faker.person.fullName(),
          ["officer"],
          passwordHash,
          new Date(),
        ]);
      }
    }
    await db.copyRows("unit", ["id", "agency_id", "name"], units);
    await db.copyRows(
      "app_user",
      ["id", "agency_id", "unit_id", "username", "display_name", "roles", "password_hash", "password_changed_at"],
      users,
    );
  }
  return db.query<Officer>(
    "SELECT id, unit_id AS \"unitId\", username FROM app_user WHERE agency_id = $1 AND 'officer' = ANY (roles) AND disabled_at IS NULL AND unit_id IS NOT NULL ORDER BY username",
    [agencyId],
  );
}
