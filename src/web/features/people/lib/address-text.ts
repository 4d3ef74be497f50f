import { formatDate } from "../../../lib/format";
import type { PersonRecord } from "../api/people";

export type RecordedAddress = PersonRecord["addresses"][number];

export const addressKindLabels = { residence: "Residence", shelter: "Shelter", transient: "No fixed address (transient)" } as const;

/** An address as people read it: the street address, a shelter's name first, or a transient person's last known location. */
export function addressText(address: RecordedAddress): string {
  if (address.kind === "transient")
    return [`Last known: ${address.locationNote ?? "not recorded"}`, address.city, address.state].filter(Boolean).join(", ");
  const street = [address.line1, address.line2, address.city, [address.state, address.postalCode].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  return address.kind === "shelter" && address.shelterName ? `${address.shelterName} (shelter), ${street}` : street;
}

/** The address the person lives at now: the latest one they have not moved out of. */
export const currentAddressOf = (record: PersonRecord): RecordedAddress | undefined =>
  record.addresses.filter((item) => !item.movedOut).sort((a, b) => b.movedIn.localeCompare(a.movedIn))[0];

const verificationLabels = { unverified: "Not verified yet", verified: "Verified", failed: "Verification failed" } as const;

/** How an address's verification reads: a transient record has no home to verify (the whereabouts check stands in). */
export function verificationText(address: RecordedAddress): string {
  if (address.kind === "transient") return "No home to verify: seen face to face instead";
  const label = verificationLabels[address.verificationStatus];
  if (address.verificationStatus !== "unverified" && address.verifiedOn) return `${label} on ${formatDate(address.verifiedOn)}`;
  return address.kind === "shelter" && address.verificationStatus === "unverified" ? "Not verified yet (ask the shelter's staff)" : label;
}
