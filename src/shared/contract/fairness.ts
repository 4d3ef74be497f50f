import { z } from "zod";
import { riskLevel } from "./cases";
import { expectedVersion, isoDate, recordVersion } from "./common";
import { type ResponseKind, violationSeverity } from "./violations";

/**
 * Race and ethnicity as the person reports them, in the one combined question of the U.S. OMB's Statistical Policy
 * Directive No. 15 (2024 revision): any number of categories, or declined.
 */
export const raceEthnicityCategories = [
  "american_indian_alaska_native",
  "asian",
  "black_african_american",
  "hispanic_latino",
  "middle_eastern_north_african",
  "native_hawaiian_pacific_islander",
  "white",
] as const;
export type RaceEthnicityCategory = (typeof raceEthnicityCategories)[number];

export const raceEthnicityLabels: Record<RaceEthnicityCategory, string> = {
  american_indian_alaska_native: "American Indian or Alaska Native",
  asian: "Asian",
  black_african_american: "Black or African American",
  hispanic_latino: "Hispanic or Latino",
  middle_eastern_north_african: "Middle Eastern or North African",
  native_hawaiian_pacific_islander: "Native Hawaiian or Pacific Islander",
  white: "White",
};

export const raceEthnicityBody = z
  .strictObject({
    declined: z.boolean().describe("The person declined to answer: then no categories"),
    categories: z
      .array(z.enum(raceEthnicityCategories, { error: "Choose from the listed categories" }))
      .max(raceEthnicityCategories.length)
      .refine((categories) => new Set(categories).size === categories.length, "Choose each category once"),
    expectedVersion: expectedVersion.optional().describe("The version read; required when one is already recorded"),
  })
  .superRefine((body, context) => {
    if (body.declined && body.categories.length > 0)
      context.addIssue({ code: "custom", path: ["categories"], message: "Leave the categories empty when the person declined" });
    if (!body.declined && body.categories.length === 0)
      context.addIssue({
        code: "custom",
        path: ["categories"],
        message: "Choose at least one category, or record that the person declined",
      });
  });

export const raceEthnicityRecord = z
  .object({
    recorded: z.boolean().describe("false: nothing recorded yet (the other fields are then empty)"),
    declined: z.boolean(),
    categories: z.array(z.enum(raceEthnicityCategories)),
    recordedBy: z.string().nullable(),
    recordedAt: z.iso.datetime().nullable(),
    version: recordVersion.nullable(),
  })
  .meta({ id: "RaceEthnicity" });
export type RaceEthnicityRecord = z.infer<typeof raceEthnicityRecord>;

/** What a fairness report groups people by. */
export const fairnessDimensions = ["race_ethnicity", "sex", "age_band"] as const;
export const fairnessDimensionLabels: Record<(typeof fairnessDimensions)[number], string> = {
  race_ethnicity: "Race and ethnicity",
  sex: "Sex",
  age_band: "Age at the violation",
};

/** The responses counted as restrictive: they take liberty or go to the authority. */
export const restrictiveResponses: readonly ResponseKind[] = ["supervision_level_increase", "short_sanction", "report_to_authority"];

/** A group with fewer violations than this in a cell is not shown (its counts could identify people). */
export const smallestCellShown = 10;

export const fairnessQuery = z.strictObject({
  dimension: z.enum(fairnessDimensions, { error: "Choose race and ethnicity, sex or age band" }).default("race_ethnicity"),
  from: isoDate.optional().describe("Violations on or after this day (default: a year before today)"),
  to: isoDate.optional().describe("Violations on or before this day (default: today)"),
});

export const fairnessGroup = z.object({
  group: z.string().describe("The group in words"),
  suppressed: z.boolean().describe(`Fewer than ${smallestCellShown} violations: no counts are shown`),
  violations: z.number().int().nullable().describe("Violations with a response in effect"),
  restrictive: z.number().int().nullable().describe("Of which the most restrictive response was restrictive"),
  restrictiveShare: z.number().nullable(),
  disparityRatio: z
    .number()
    .nullable()
    .describe("The group's restrictive share divided by that of the other groups shown in the same cell (1 = the same)"),
});

export const fairnessReport = z
  .object({
    dimension: z.enum(fairnessDimensions),
    from: isoDate,
    to: isoDate,
    smallestCellShown: z.number().int(),
    restrictiveResponses: z.array(z.string()),
    cells: z.array(
      z.object({
        violationSeverity,
        riskLevel: riskLevel.nullable().describe("The case's risk level when the violation happened (null: not assessed)"),
        groups: z.array(fairnessGroup),
      }),
    ),
  })
  .meta({ id: "FairnessReport" });
export type FairnessReport = z.infer<typeof fairnessReport>;
