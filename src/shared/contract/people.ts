import { z } from "zod";
import { caseloadTag, population, riskLevel, supervisionCase, supervisionLevel, supervisionType } from "./cases";
import { expectedVersion, isoDate, optionalText, recordVersion, text } from "./common";

/** A record's version (responses); a change sends it back as expectedVersion (platform/db/versioned.ts). */
const version = recordVersion;

export const cautionKind = z.enum(["violence", "weapons", "dog", "residence_hazard", "other"]);

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

/** The person's own fields (name, date of birth, identifiers, contact details), corrected on the person page. */
export const personUpdateBody = z.strictObject({
  firstName: text(80),
  middleName: optionalText(80),
  lastName: text(80),
  dateOfBirth: isoDate,
  sex: z.enum(["female", "male", "other", "unknown"]).nullable().optional(),
  agencyPersonNumber: text(40),
  stateId: optionalText(40),
  fbiNumber: optionalText(40),
  phone: optionalText(40),
  email: z.email().max(200).nullable().optional(),
  languages: z.array(text(40)).max(10).optional().describe("Left out: unchanged"),
  expectedVersion,
});

/** Setting or replacing the photo: the person's version it was chosen on (the photo is part of the person's row). */
export const photoQuery = z.strictObject({ expectedVersion: z.coerce.number().pipe(expectedVersion) });

/** Removing a contact: the version the page showed, so a contact corrected meanwhile is not removed unseen. */
export const removeContactQuery = z.strictObject({ expectedVersion: z.coerce.number().pipe(expectedVersion) });

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

export const addressBody = z
  .strictObject({
    ...addressFields,
    expectedCurrentAddressId: z
      .uuid()
      .nullable()
      .optional()
      .describe("The current address the form showed (null: none); if another has become current since, 409 edit_conflict"),
  })
  .superRefine(checkAddressFields);

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
