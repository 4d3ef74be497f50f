import { z } from "zod";

export const testMethod = z.enum(["urine", "oral_fluid", "breath", "sweat_patch"]);
export const substanceName = z.string().trim().toLowerCase().min(2).max(40);

export const testingProgramBody = z.strictObject({
  frequency: z.enum(["random", "weekly", "twice_monthly", "monthly"]),
  testsPerMonth: z.number().int().min(1).max(31),
  panel: z.array(substanceName).min(1).max(20),
  method: testMethod,
  startedOn: z.iso.date(),
});

export const testingProgram = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    frequency: z.string(),
    testsPerMonth: z.number().int(),
    panel: z.array(z.string()),
    method: testMethod,
    startedOn: z.iso.date(),
  })
  .meta({ id: "TestingProgram" });

export const drawBody = z.strictObject({ date: z.iso.date() });
/** One person selected in a draw, named so a list of selections needs no request per row. */
export const drawSelection = z.object({ caseId: z.uuid(), caseNumber: z.string(), personId: z.uuid(), personName: z.string() });
export const randomDraw = z
  .object({
    id: z.uuid(),
    date: z.iso.date(),
    seed: z.string(),
    algorithm: z.string(),
    candidates: z.number().int(),
    selectedCount: z.number().int().describe("How many were selected in the whole agency"),
    selected: z
      .array(drawSelection)
      .describe("Those selected whose case the reader may read (officers: their caseload, supervisors: their unit); none for others"),
  })
  .meta({ id: "RandomDraw" });
/** Today's selections among the cases the reader may read. */
export const todaysSelections = z.object({ date: z.iso.date(), selected: z.array(drawSelection) });
export const drawVerification = z.object({
  drawId: z.uuid(),
  candidates: z.number().int(),
  reproduced: z.boolean(),
  mismatches: z.array(z.uuid()),
});

export const testResultValue = z.enum(["negative", "positive", "dilute", "adulterated", "invalid"]);
export const confirmation = z.enum(["not_required", "pending", "confirmed", "overturned"]);
export const custodyAction = z.enum(["collected", "sealed", "shipped", "received_by_lab", "tested"]);

/** One hand-over of the specimen; steps are append-only and in time order. */
export const custodyStepBody = z.strictObject({
  action: custodyAction,
  byName: z.string().trim().min(1).max(160),
  at: z.iso.datetime({ offset: true }),
});

export const drugTestBody = z.strictObject({
  status: z.enum(["collected", "missed", "refused"]),
  specimenId: z.string().trim().min(1).max(60).optional().describe("Required when a specimen was collected"),
  collectedAt: z.iso.datetime({ offset: true }),
  method: testMethod,
  observedById: z.uuid().optional(),
  results: z
    .array(z.strictObject({ substance: substanceName, result: testResultValue, confirmation: confirmation.default("not_required") }))
    .max(20)
    .default([]),
  admission: z.boolean().default(false),
  admittedSubstances: z.array(substanceName).max(20).default([]),
  custody: z.array(custodyStepBody).max(10).default([]),
});

export const drugTest = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    specimenId: z.string().nullable(),
    status: z.enum(["collected", "missed", "refused"]),
    collectedAt: z.iso.datetime(),
    method: testMethod,
    collectedBy: z.string(),
    observedBy: z.string().nullable(),
    admission: z.boolean(),
    admittedSubstances: z.array(z.string()),
    results: z.array(z.object({ substance: z.string(), result: testResultValue, confirmation })),
    custody: z.array(z.object({ step: z.number().int(), action: custodyAction, byName: z.string(), at: z.iso.datetime() })),
    countsAsPositive: z.boolean(),
  })
  .meta({ id: "DrugTest" });
export type DrugTest = z.infer<typeof drugTest>;
/** A case's testing program (null before one is set) and its tests, newest first. */
export const caseTests = z.object({ program: testingProgram.nullable(), tests: z.array(drugTest) });

/** A test just recorded, with who was told about it (nobody for a plain negative test). */
export const recordedDrugTest = drugTest
  .extend({
    notified: z.array(z.object({ userId: z.uuid(), name: z.string(), role: z.enum(["officer", "supervisor"]) })),
  })
  .meta({ id: "RecordedDrugTest" });
export type RecordedDrugTest = z.infer<typeof recordedDrugTest>;

/** The lab's answer on a result: it stands (confirmed) or it does not (overturned). */
export const confirmationBody = z.strictObject({ confirmation: z.enum(["confirmed", "overturned"]) });
export const callInResponse = z.object({ date: z.iso.date(), drawn: z.boolean(), mustTest: z.boolean() });
