import { z } from "zod";
import { expectedVersion, recordVersion } from "./common";

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** A record's version (responses); a change sends it back as expectedVersion (platform/db/versioned.ts). */
const version = recordVersion;

export const supervisionType = z.enum(["parole", "probation"]);
export const population = z.enum(["adult", "juvenile"]);
export const caseStatus = z.enum(["pre_release", "active", "warrant", "in_custody", "tolled", "closed"]);
export const closureReason = z.enum(["successful_completion", "early_discharge", "revoked", "absconded", "deceased", "transferred"]);
export const supervisionLevel = z.enum(["intensive", "high", "moderate", "low", "administrative"]);
export const riskLevel = z.enum(["low", "moderate", "high", "very_high"]);
export const caseloadTag = z.enum([
  "sex_offense",
  "substance_use",
  "mental_health",
  "gang",
  "electronic_monitoring",
  "reentry",
  "employment",
  "homeless",
  "veterans",
  "high_risk",
]);
export const cautionKind = z.enum(["violence", "weapons", "dog", "residence_hazard", "other"]);
export const noteType = z.enum(["contact", "collateral", "office", "home_visit", "phone", "administrative", "supervisor_review"]);
export const conditionKind = z.enum([
  "standard",
  "curfew",
  "drug_testing",
  "treatment",
  "no_contact",
  "geographic_restriction",
  "employment_education",
  "community_service",
  "fees",
  "electronic_monitoring",
  "travel_restriction",
]);
export type ConditionKind = z.infer<typeof conditionKind>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time from 00:00 to 23:59");
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** The typed parameters of each kind of condition; a parameter of the wrong type is a 400 naming it. */
export const conditionParameters = {
  standard: z.strictObject({}),
  curfew: z.strictObject({ start: clockTime, end: clockTime, days: z.array(weekday).min(1).max(7).optional() }),
  drug_testing: z.strictObject({
    frequency: z.enum(["random", "weekly", "twice_monthly", "monthly", "per_phase"]),
    testsPerMonth: z.number().int().min(1).max(31).optional(),
    substances: z.array(text(40)).max(20).optional(),
  }),
  treatment: z.strictObject({
    program: text(200),
    provider: optionalText(200),
    sessionsPerWeek: z.number().int().min(1).max(14).optional(),
  }),
  no_contact: z.strictObject({ personName: text(160), relationship: optionalText(80) }),
  geographic_restriction: z.strictObject({
    zone: z.enum(["exclusion", "inclusion"]),
    description: text(500),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    radiusMeters: z.number().int().min(10).max(100_000).optional(),
  }),
  employment_education: z.strictObject({
    requirement: z.enum(["maintain_employment", "seek_employment", "attend_school"]),
    hoursPerWeek: z.number().int().min(1).max(80).optional(),
  }),
  community_service: z.strictObject({ hours: z.number().int().min(1).max(2_000), dueBy: isoDate.optional() }),
  fees: z.strictObject({
    amountCents: z.number().int().min(1).max(100_000_000),
    frequency: z.enum(["once", "monthly"]),
    description: optionalText(200),
  }),
  electronic_monitoring: z.strictObject({ technology: z.enum(["gps", "radio_frequency", "alcohol"]) }),
  travel_restriction: z.strictObject({ area: text(200), permissionRequired: z.boolean() }),
} satisfies Record<ConditionKind, z.ZodType>;

export const personName = z.object({ first: z.string(), middle: z.string().nullable(), last: z.string() });

export const personSummary = z
  .object({
    id: z.uuid(),
    name: personName,
    agencyPersonNumber: z.string(),
    stateId: z.string().nullable(),
    fbiNumber: z.string().nullable(),
    dateOfBirth: isoDate,
    hasPhoto: z.boolean(),
  })
  .meta({ id: "PersonSummary" });

export const caution = z.object({ id: z.uuid(), kind: cautionKind, description: z.string(), createdAt: z.iso.datetime(), version });
export const retiredCaution = z.object({
  id: z.uuid(),
  kind: cautionKind,
  description: z.string(),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
  retiredBy: z.string().nullable(),
  retiredReason: z.string().nullable(),
});

/** One change of level, risk, status or tags, with the reason given. */
export const caseChange = z.object({
  field: z.enum(["supervision_level", "risk_level", "status", "tags"]),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string(),
  changedBy: z.string().nullable(),
  changedAt: z.iso.datetime(),
});

/** Where someone lives: a residence, a shelter stay, or no fixed address (transient, with a last known location). */
export const addressKind = z.enum(["residence", "shelter", "transient"]);
export type AddressKind = z.infer<typeof addressKind>;

export const address = z.object({
  id: z.uuid(),
  kind: addressKind,
  shelterName: z.string().nullable(),
  locationNote: z.string().nullable().describe("Transient: the last known location in words"),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  movedIn: isoDate,
  movedOut: isoDate.nullable(),
  verificationStatus: z.enum(["unverified", "verified", "failed"]),
  verifiedOn: isoDate.nullable(),
  version,
});

export const employment = z.object({
  id: z.uuid(),
  employer: z.string(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  startedOn: isoDate,
  endedOn: isoDate.nullable(),
  verified: z.boolean(),
  verifiedOn: isoDate.nullable(),
  verifiedBy: z.string().nullable().describe("The name of who verified it"),
  version,
});

export const personContact = z.object({
  id: z.uuid(),
  kind: z.enum(["household", "family", "emergency"]),
  fullName: z.string(),
  relationship: z.string().nullable(),
  phone: z.string().nullable(),
  version,
});

export const condition = z.object({
  id: z.uuid(),
  conditionTypeId: z.uuid(),
  code: z.string(),
  title: z.string(),
  kind: conditionKind,
  parameters: z.record(z.string(), z.unknown()),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  orderedBy: z.string(),
  compliance: z.enum(["pending", "compliant", "non_compliant", "not_applicable"]),
  supersedes: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
});

export const supervisionCase = z
  .object({
    id: z.uuid(),
    version: recordVersion,
    caseNumber: z.string(),
    supervisionType,
    population,
    authorityName: z.string(),
    docketNumber: z.string().nullable(),
    supervisionStart: isoDate,
    expectedEnd: isoDate.nullable(),
    actualEnd: isoDate.nullable(),
    status: caseStatus,
    closureReason: closureReason.nullable(),
    supervisionLevel,
    riskLevel: riskLevel.nullable(),
    tags: z.array(caseloadTag),
    unit: z.object({ id: z.uuid(), name: z.string() }),
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    changes: z.array(caseChange).describe("Level, risk, status and tag changes, newest first"),
    coOfficers: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
    offenses: z.array(
      z.object({
        description: z.string(),
        statute: z.string().nullable(),
        severity: z.enum(["felony", "misdemeanor"]),
        convictedOn: isoDate.nullable(),
      }),
    ),
    conditions: z.array(condition),
    assignments: z.array(
      z.object({
        officerName: z.string(),
        unitName: z.string(),
        startedAt: z.iso.datetime(),
        endedAt: z.iso.datetime().nullable(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: "SupervisionCase" });
export type SupervisionCase = z.infer<typeof supervisionCase>;

export const personRecord = z
  .object({
    person: personSummary.extend({
      sex: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      languages: z.array(z.string()),
      version: recordVersion,
      aliases: z.array(z.object({ id: z.uuid(), fullName: z.string(), kind: z.string() })),
    }),
    cautions: z.array(caution),
    retiredCautions: z.array(retiredCaution),
    addresses: z.array(address),
    employment: z.array(employment),
    contacts: z.array(personContact),
    cases: z.array(supervisionCase),
  })
  .meta({ id: "PersonRecord" });
export type PersonRecord = z.infer<typeof personRecord>;

export const intakeBody = z.strictObject({
  get address() {
    return intakeAddress.optional().describe("The first address, so the person can be routed and verified from day one");
  },
  person: z.strictObject({
    firstName: text(80),
    middleName: optionalText(80),
    lastName: text(80),
    dateOfBirth: isoDate,
    sex: z.enum(["female", "male", "other", "unknown"]).optional(),
    agencyPersonNumber: text(40),
    stateId: optionalText(40),
    fbiNumber: optionalText(40),
    phone: optionalText(40),
    email: z.email().max(200).nullable().optional(),
    languages: z.array(text(40)).max(10).optional(),
  }),
  case: z.strictObject({
    caseNumber: text(40),
    supervisionType,
    population: population.default("adult"),
    authorityName: text(200),
    docketNumber: optionalText(60),
    supervisionStart: isoDate,
    expectedEnd: isoDate.nullable().optional(),
    supervisionLevel: supervisionLevel.default("moderate"),
    riskLevel: riskLevel.nullable().optional(),
    tags: z.array(caseloadTag).max(10).default([]),
    officerId: z.uuid().optional().describe("Supervising officer; defaults to the signed-in officer"),
    offenses: z
      .array(
        z.strictObject({
          description: text(300),
          statute: optionalText(80),
          severity: z.enum(["felony", "misdemeanor"]),
          convictedOn: isoDate.nullable().optional(),
        }),
      )
      .max(20)
      .default([]),
  }),
});

export const noteBody = z.strictObject({
  noteType,
  occurredAt: z.iso.datetime({ offset: true }),
  narrative: z.string().trim().min(1, "write the note").max(20_000),
  details: z
    .record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .nullable()
    .optional(),
});

export const caseNote = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    noteType,
    occurredAt: z.iso.datetime(),
    author: z.object({ id: z.uuid(), displayName: z.string() }),
    narrative: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
    status: z.enum(["draft", "signed"]),
    signedAt: z.iso.datetime().nullable(),
    amendsNoteId: z.uuid().nullable(),
    amendedBy: z.array(z.uuid()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "CaseNote" });
export type CaseNote = z.infer<typeof caseNote>;

/** A note search result names its person and case, so a list of results needs no request per row. */
export const noteSearchResult = caseNote
  .extend({ personId: z.uuid(), personName: z.string(), caseNumber: z.string() })
  .meta({ id: "NoteSearchResult" });
export type NoteSearchResult = z.infer<typeof noteSearchResult>;
export const noteSearchResponse = z.object({ notes: z.array(noteSearchResult) });

export const notePage = z.object({ notes: z.array(caseNote), nextCursor: z.string().nullable() });

export const caseloadQuery = z.strictObject({
  officerId: z.uuid().optional().describe("Supervisors: whose caseload (default: the whole unit)"),
  level: supervisionLevel.optional(),
  tag: caseloadTag.optional(),
  status: caseStatus.optional(),
  overdue: z.enum(["true", "false"]).optional(),
  search: z.string().trim().max(80).optional().describe("Name, agency number, state ID or FBI number"),
  sort: z.enum(["priority", "name", "level", "last_contact"]).default("priority"),
  cursor: z.string().max(20).regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type CaseloadQuery = z.infer<typeof caseloadQuery>;

export const caseloadEntry = z
  .object({
    caseId: z.uuid(),
    person: personSummary,
    caseNumber: z.string(),
    supervisionType,
    status: caseStatus,
    supervisionLevel,
    riskLevel: riskLevel.nullable(),
    tags: z.array(caseloadTag),
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    lastContactAt: z.iso.datetime().nullable(),
    contactDueBy: isoDate.nullable().describe("When the most pressing contact requirement is due (null when all are met)"),
    contactStatus: z.enum(["met", "due", "due_soon", "overdue"]).describe("The worst status across the case's contact standards"),
    overdue: z.boolean(),
    openAlerts: z.number().int(),
    hasSafetyCautions: z.boolean(),
    priorityScore: z.number(),
    priorityReason: z.string(),
  })
  .meta({ id: "CaseloadEntry" });
export type CaseloadEntry = z.infer<typeof caseloadEntry>;

export const caseloadPage = z.object({ entries: z.array(caseloadEntry), total: z.number().int(), nextCursor: z.string().nullable() });

export const transferBody = z.strictObject({
  officerId: z.uuid(),
  reason: z.string().trim().min(1, "give the reason for the transfer").max(500),
});

export const caseUpdateBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, "give the reason for the change")
    .max(500)
    .optional()
    .describe("Required when the level, risk, status or tags change; kept in the case's history"),
  expectedVersion,
  supervisionLevel: supervisionLevel.optional(),
  riskLevel: riskLevel.nullable().optional(),
  status: caseStatus.optional(),
  closureReason: closureReason.optional(),
  actualEnd: isoDate.optional(),
  expectedEnd: isoDate.nullable().optional(),
  tags: z.array(caseloadTag).max(10).optional(),
});

export const conditionType = z
  .object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    kind: conditionKind,
    isStandard: z.boolean(),
    description: z.string().nullable(),
  })
  .meta({ id: "ConditionType" });

export const conditionTypeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_-]{2,20}$/, "use 2 to 20 capital letters, digits, dashes or underscores"),
  title: text(200),
  kind: conditionKind,
  isStandard: z.boolean().default(false),
  description: optionalText(2000),
});

export const attachConditionBody = z.strictObject({
  conditionTypeId: z.uuid(),
  parameters: z.record(z.string(), z.unknown()).default({}),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable().optional(),
  orderedBy: text(200).describe("The ordering authority: the parole board or the court"),
});

export const modifyConditionBody = attachConditionBody.omit({ conditionTypeId: true });

export const complianceBody = z.strictObject({ compliance: z.enum(["pending", "compliant", "non_compliant", "not_applicable"]) });

export const modificationRequestStatus = z.enum(["drafted", "submitted", "granted", "denied"]);

export const modificationRequestBody = z.strictObject({
  conditionId: z.uuid().nullable().optional().describe("The condition to change; omit to ask for a new one"),
  conditionTypeId: z.uuid(),
  proposedParameters: z.record(z.string(), z.unknown()).default({}),
  justification: text(4000),
});

export const modificationRequest = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    conditionId: z.uuid().nullable(),
    conditionTypeId: z.uuid(),
    proposedParameters: z.record(z.string(), z.unknown()),
    justification: z.string(),
    status: modificationRequestStatus,
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ConditionModificationRequest" });

const postalCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z -]{3,12}$/, "enter a postal code");

const addressFields = {
  kind: addressKind.default("residence"),
  shelterName: optionalText(200).describe("Shelter: its name"),
  locationNote: optionalText(500).describe("Transient: where they were last known to stay, in words"),
  line1: optionalText(200),
  line2: optionalText(200),
  city: optionalText(100),
  state: z.string().trim().max(40).nullable().optional(),
  postalCode: z
    .union([postalCode, z.literal("")])
    .nullable()
    .optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  movedIn: isoDate.describe("Moved in (transient: since when)"),
};

/**
 * What each kind of address needs, as field issues: a residence and a shelter a street address (a shelter its
 * name too); transient a last known location and no street address. A map point is both coordinates or neither.
 */
function checkAddressFields(
  value: { kind: AddressKind; shelterName?: string | null | undefined; locationNote?: string | null | undefined } & Record<string, unknown>,
  context: z.RefinementCtx,
) {
  const missing = (field: string, message: string) => context.addIssue({ code: "custom", path: [field], message });
  const given = (field: string) => typeof value[field] === "string" && (value[field] as string).trim() !== "";
  if (value.kind === "transient") {
    if (!given("locationNote")) missing("locationNote", "describe the last known location");
    for (const field of ["line1", "line2", "postalCode", "shelterName"])
      if (given(field)) missing(field, "a transient record has no street address; describe the location instead");
  } else {
    if (value.kind === "shelter" && !given("shelterName")) missing("shelterName", "enter the shelter's name");
    if (value.kind === "residence" && given("shelterName")) missing("shelterName", "only a shelter has a shelter name");
    if (!given("line1")) missing("line1", "enter the street address");
    if (!given("city")) missing("city", "enter the city");
    if (!given("state") || (value.state as string).trim().length < 2) missing("state", "enter the state");
    if (!given("postalCode")) missing("postalCode", "enter a postal code");
  }
  if (((value.latitude ?? null) === null) !== ((value.longitude ?? null) === null))
    missing(value.latitude == null ? "latitude" : "longitude", "give both latitude and longitude, or neither");
}

export const addressBody = z.strictObject(addressFields).superRefine(checkAddressFields);

/** Correcting an address as recorded (a typo, the map point, the move-in date): not a move. */
export const addressCorrectionBody = z.strictObject({ ...addressFields, expectedVersion }).superRefine(checkAddressFields);

/** The first address at intake: moved in on the supervision start unless said otherwise. */
const intakeAddress = z.strictObject({ ...addressFields, movedIn: isoDate.optional() }).superRefine(checkAddressFields);

export const moveOutBody = z.strictObject({ movedOut: isoDate, expectedVersion });

export const addressVerificationBody = z.strictObject({
  status: z.enum(["verified", "failed"]),
  verifiedOn: isoDate,
  expectedVersion: expectedVersion.optional(),
});

export const employmentBody = z.strictObject({
  employer: text(200),
  position: optionalText(120),
  phone: optionalText(40),
  startedOn: isoDate,
  endedOn: isoDate.nullable().optional(),
  verified: z.boolean().default(false),
});

/** Correcting or ending a job: only what is given changes. */
export const employmentUpdateBody = z.strictObject({
  employer: text(200).optional(),
  position: optionalText(120),
  phone: optionalText(40),
  startedOn: isoDate.optional(),
  endedOn: isoDate.nullable().optional(),
  expectedVersion,
});

export const employmentVerificationBody = z.strictObject({ verifiedOn: isoDate, expectedVersion });

export const contactBody = z.strictObject({
  kind: z.enum(["household", "family", "emergency"]),
  fullName: text(160),
  relationship: optionalText(80),
  phone: optionalText(40),
});

export const contactUpdateBody = z.strictObject({ ...contactBody.shape, expectedVersion });

export const cautionBody = z.strictObject({ kind: cautionKind, description: text(500) });

export const retireCautionBody = z.strictObject({
  reason: z.string().trim().min(1, "say why the caution no longer applies").max(500),
  expectedVersion,
});

export const aliasBody = z.strictObject({ fullName: text(160), kind: z.enum(["alias", "maiden", "nickname", "street"]).default("alias") });

export const intakeResponse = z.object({ personId: z.uuid(), caseId: z.uuid() });

export const caseSummary = z
  .object({ caseId: z.uuid(), personId: z.uuid(), caseNumber: z.string(), personName: z.string() })
  .meta({ id: "CaseSummary" });
