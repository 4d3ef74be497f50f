import { describe, expect, it } from "vitest";
import { addressBody, intakeBody } from "../../../../shared/contract/people";
import { contractResolver } from "../../../lib/contract-form";
import { addressForKind, blankAddress, isBlankAddress } from "./address-form";
import { type RecordedAddress, verificationText } from "./address-text";

/** What the form would send (or the field errors it shows), through the same resolver the form uses. */
async function resolve(values: Record<string, unknown>) {
  const resolver = contractResolver(addressBody, {}, { toRequest: addressForKind as never });
  return resolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
}

const street = { line1: "12 Oak St", line2: "Apt 3", city: "Atlanta", state: "GA", postalCode: "30303" };

describe("the address form's request by kind", () => {
  it("sends a shelter stay with its name and street address, blanks as nothing", async () => {
    const result = await resolve({
      ...blankAddress("2026-11-20"),
      ...street,
      kind: "shelter",
      shelterName: "Hope House",
      locationNote: "old",
    });
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ kind: "shelter", shelterName: "Hope House", line1: "12 Oak St", locationNote: null });
  });

  it("drops a street address typed before switching to no fixed address, so the transient record is accepted", async () => {
    const result = await resolve({ ...blankAddress("2026-11-20"), ...street, kind: "transient", locationNote: "Under the 5th St bridge" });
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ kind: "transient", locationNote: "Under the 5th St bridge", line1: null, postalCode: null });
  });

  it("asks for what the kind needs: a shelter its name, a transient record its last known location", async () => {
    const shelter = await resolve({ ...blankAddress("2026-11-20"), ...street, kind: "shelter" });
    expect(Object.keys(shelter.errors)).toEqual(["shelterName"]);
    const transient = await resolve({ ...blankAddress("2026-11-20"), kind: "transient" });
    expect(Object.keys(transient.errors)).toEqual(["locationNote"]);
  });

  it("leaves a residence's shelter name out, and knows an untouched intake address is blank", () => {
    expect(addressForKind({ ...blankAddress(), ...street, shelterName: "Left over" }).shelterName).toBe("");
    expect(isBlankAddress(blankAddress())).toBe(true);
    expect(isBlankAddress({ ...blankAddress(), kind: "transient" })).toBe(false);
    expect(isBlankAddress({ ...blankAddress(), city: "Atlanta" })).toBe(false);
  });

  it("the intake contract takes the first address without a move-in date, and the phone", () => {
    const parsed = intakeBody.safeParse({
      person: { firstName: "A", lastName: "B", dateOfBirth: "1990-01-01", agencyPersonNumber: "X1", phone: "404-555-0100" },
      address: { kind: "shelter", shelterName: "Hope House", ...street },
      case: { caseNumber: "C1", supervisionType: "parole", authorityName: "Board", supervisionStart: "2026-11-01" },
    });
    expect(parsed.success).toBe(true);
  });
});

const recorded = (change: Partial<RecordedAddress>): RecordedAddress => ({
  id: "00000000-0000-4000-8000-000000000001",
  kind: "residence",
  shelterName: null,
  locationNote: null,
  ...street,
  latitude: null,
  longitude: null,
  movedIn: "2026-11-20",
  movedOut: null,
  verificationStatus: "unverified",
  verifiedOn: null,
  version: 1,
  ...change,
});

describe("an address's verification in words", () => {
  it("says when it was verified, that a shelter's staff verify it, and that a transient record has no home to verify", () => {
    expect(verificationText(recorded({ verificationStatus: "verified", verifiedOn: "2026-11-25" }))).toBe("Verified on Nov 25, 2026");
    expect(verificationText(recorded({ kind: "shelter", shelterName: "Hope House" }))).toBe("Not verified yet (ask the shelter's staff)");
    expect(verificationText(recorded({ kind: "transient", locationNote: "Bus station" }))).toBe(
      "No home to verify: seen face to face instead",
    );
  });
});
