import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { agencySettingsBody, createUserBody } from "../../../../shared/contract/admin";
import { contactStandardsBody } from "../../../../shared/contract/contacts";
import { contractResolver } from "../../../lib/contract-form";
import { accountMessages, unitCheck } from "../components/role-unit-fields";
import { requiredSettings, settingsMessages, settingsRequest, settingsValues } from "./settings-form";
import { rowFrom, standardsFieldAliases, standardsMessages, standardsRequest } from "./standards-form";

const resolve = <S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
  messages: Record<string, string>,
  shape: { toRequest?: (values: never) => unknown; aliases?: Record<string, string> } = {},
) => contractResolver(schema, messages, shape)(values, undefined, { fields: {}, shouldUseNativeValidation: false });

const settings = {
  name: "Test County",
  lockoutReleaseMinutes: null,
  passwordMaxAgeDays: 90,
  fieldEscalationMinutes: 15,
  dutyContactUserId: null,
  missedTestCountsAsPositive: true,
  notifyUnitSupervisorOfTests: false,
  routeStopLimit: 8,
  monitoringHomeRadiusMeters: 75,
};

describe("agency settings form", () => {
  it("sends every setting the page shows, numbers as numbers and blanks as no limit", async () => {
    const values = { ...settingsValues(settings), notifyUnitSupervisorOfTests: true, routeStopLimit: " 12 " };
    expect(values).toMatchObject({ lockoutReleaseMinutes: "", passwordMaxAgeDays: "90", dutyContactUserId: "" });
    const result = await resolve(agencySettingsBody, values, settingsMessages, { toRequest: settingsRequest as never });
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      lockoutReleaseMinutes: null,
      passwordMaxAgeDays: 90,
      fieldEscalationMinutes: 15,
      dutyContactUserId: null,
      missedTestCountsAsPositive: true,
      notifyUnitSupervisorOfTests: true,
      routeStopLimit: 12,
      monitoringHomeRadiusMeters: 75,
    });
  });

  it("refuses text typed for a number instead of reading it as blank (which would clear the limit)", async () => {
    const values = { ...settingsValues(settings), lockoutReleaseMinutes: "ten", routeStopLimit: "41", fieldEscalationMinutes: "2.5" };
    const result = await resolve(agencySettingsBody, values, settingsMessages, { toRequest: settingsRequest as never });
    expect(result.errors).toMatchObject({
      lockoutReleaseMinutes: { message: settingsMessages.lockoutReleaseMinutes },
      routeStopLimit: { message: settingsMessages.routeStopLimit },
      fieldEscalationMinutes: { message: settingsMessages.fieldEscalationMinutes },
    });
  });

  it("asks for the escalation interval and the stop limit, which a blank would leave unchanged", () => {
    expect(requiredSettings({ routeStopLimit: 3, monitoringHomeRadiusMeters: 75 })).toEqual([
      { field: "fieldEscalationMinutes", message: settingsMessages.fieldEscalationMinutes },
    ]);
    expect(requiredSettings({ fieldEscalationMinutes: 5, routeStopLimit: 3, monitoringHomeRadiusMeters: 75 })).toEqual([]);
  });
});

describe("contact standards form", () => {
  const values = {
    requirements: [
      rowFrom({ supervisionLevel: "moderate", caseloadTag: null, kind: "face_to_face", count: 2, periodMonths: 1 }),
      rowFrom({ supervisionLevel: "high", caseloadTag: null, kind: "field", count: 1, periodMonths: 3 }),
    ],
    homeVerificationDays: "30",
    dueSoonDays: "5",
    timeZone: " America/New_York ",
  };
  const check = (input: typeof values) =>
    resolve(contactStandardsBody, input, standardsMessages, { toRequest: standardsRequest as never, aliases: standardsFieldAliases });

  it("sends the rows with numbers and 'any tag' as null", async () => {
    const result = await check(values);
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      requirements: [
        { supervisionLevel: "moderate", caseloadTag: null, kind: "face_to_face", count: 2, periodMonths: 1 },
        { supervisionLevel: "high", caseloadTag: null, kind: "field", count: 1, periodMonths: 3 },
      ],
      homeVerificationDays: 30,
      dueSoonDays: 5,
      timeZone: "America/New_York",
    });
  });

  it("puts a row's error on that row's field, and asks for at least one rule", async () => {
    const [first, second] = values.requirements;
    const wrong = await check({ ...values, requirements: [first!, { ...second!, count: "many" }], dueSoonDays: "40" });
    expect(wrong.errors).toMatchObject({
      requirements: [undefined, { count: { message: "Enter a whole number from 1 to 31" } }],
      dueSoonDays: { message: standardsMessages.dueSoonDays },
    });
    const none = await check({ ...values, requirements: [] });
    expect(none.errors).toMatchObject({ requirements: { message: "Add at least one requirement" } });
  });
});

describe("user forms", () => {
  it("sends a blank work phone as none and refuses words for a phone number", async () => {
    const base = { username: "new.officer", displayName: "New Officer", roles: ["officer"], unitId: "", phone: "" };
    const blank = await resolve(createUserBody, base, accountMessages);
    expect(blank.values).toMatchObject({ phone: null, unitId: null });
    const wrong = await resolve(createUserBody, { ...base, phone: "call the desk" }, accountMessages);
    expect(wrong.errors).toMatchObject({ phone: { message: "Enter a phone number, such as (555) 010-0111" } });
  });

  it("asks for the unit of officers and supervisors only", () => {
    expect(unitCheck({ roles: ["officer"], unitId: null })).toEqual([
      { field: "unitId", message: "Choose the unit of an officer or supervisor" },
    ]);
    expect(unitCheck({ roles: ["auditor"], unitId: null })).toEqual([]);
  });
});
