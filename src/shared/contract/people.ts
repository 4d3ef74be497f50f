import { z } from "zod";
import { caseloadTag, population, riskLevel, supervisionCase, supervisionLevel, supervisionType } from "./cases";
import { isoDate, optionalText, recordVersion, text } from "./common";

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

export const caution = z.object({ id: z.uuid(), kind: cautionKind, description: z.string(), createdAt: z.iso.datetime() });

export const address = z.object({
  id: z.uuid(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  movedIn: isoDate,
  movedOut: isoDate.nullable(),
  verificationStatus: z.enum(["unverified", "verified", "failed"]),
  verifiedOn: isoDate.nullable(),
});

export const employment = z.object({
  id: z.uuid(),
  employer: z.string(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  startedOn: isoDate,
  endedOn: isoDate.nullable(),
  verified: z.boolean(),
});

export const personContact = z.object({
  id: z.uuid(),
  kind: z.enum(["household", "family", "emergency"]),
  fullName: z.string(),
  relationship: z.string().nullable(),
  phone: z.string().nullable(),
});

export const personRecord = z
  .object({
    person: personSummary.extend({
      sex: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      languages: z.array(z.string()),
      version: recordVersion,
      aliases: z.array(z.object({ fullName: z.string(), kind: z.string() })),
    }),
    cautions: z.array(caution),
    addresses: z.array(address),
    employment: z.array(employment),
    contacts: z.array(personContact),
    cases: z.array(supervisionCase),
  })
  .meta({ id: "PersonRecord" });
export type PersonRecord = z.infer<typeof personRecord>;

export const intakeBody = z.strictObject({
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

export const addressBody = z.strictObject({
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  state: z.string().trim().min(2).max(40),
  postalCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z -]{3,12}$/, "enter a postal code"),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  movedIn: isoDate,
});

export const addressVerificationBody = z.strictObject({ status: z.enum(["verified", "failed"]), verifiedOn: isoDate });

export const employmentBody = z.strictObject({
  employer: text(200),
  position: optionalText(120),
  phone: optionalText(40),
  startedOn: isoDate,
  endedOn: isoDate.nullable().optional(),
  verified: z.boolean().default(false),
});

export const contactBody = z.strictObject({
  kind: z.enum(["household", "family", "emergency"]),
  fullName: text(160),
  relationship: optionalText(80),
  phone: optionalText(40),
});

export const cautionBody = z.strictObject({ kind: cautionKind, description: text(500) });

export const aliasBody = z.strictObject({ fullName: text(160), kind: z.enum(["alias", "maiden", "nickname", "street"]).default("alias") });

export const intakeResponse = z.object({ personId: z.uuid(), caseId: z.uuid() });
