import type { AddressKind } from "../../../../shared/contract/people";
import type { RecordedAddress } from "./address-text";

/** The address fields of a form, as its inputs hold them (blank = ""). */
export type AddressFormValues = {
  kind: AddressKind;
  shelterName: string;
  locationNote: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  movedIn: string;
};

export const addressKindOptions: { value: AddressKind; label: string; hint: string }[] = [
  { value: "residence", label: "Residence", hint: "A house or apartment; verified with a home visit" },
  { value: "shelter", label: "Shelter", hint: "A shelter stay; verified with the shelter's staff" },
  {
    value: "transient",
    label: "No fixed address (transient)",
    hint: "Record where they were last known to stay; they are seen face to face every few days instead of a home verification",
  },
];

export const blankAddress = (movedIn = ""): AddressFormValues => ({
  kind: "residence",
  shelterName: "",
  locationNote: "",
  line1: "",
  line2: "",
  city: "",
  state: "",
  postalCode: "",
  movedIn,
});

/** A recorded address as the correction form's starting values. */
export const addressFormValues = (address: RecordedAddress): AddressFormValues => ({
  kind: address.kind,
  shelterName: address.shelterName ?? "",
  locationNote: address.locationNote ?? "",
  line1: address.line1 ?? "",
  line2: address.line2 ?? "",
  city: address.city ?? "",
  state: address.state ?? "",
  postalCode: address.postalCode ?? "",
  movedIn: address.movedIn,
});

/**
 * Only the fields of the chosen kind go in the request: the hidden inputs of another kind keep what was typed in
 * them (switching back restores it), but a transient record has no street address and only a shelter a name.
 */
export function addressForKind<Values extends AddressFormValues>(values: Values): Values {
  if (values.kind === "transient") return { ...values, shelterName: "", line1: "", line2: "", postalCode: "" };
  if (values.kind === "residence") return { ...values, shelterName: "", locationNote: "" };
  return { ...values, locationNote: "" };
}

/** True when no address field was filled in (the intake form's first address is optional). */
export const isBlankAddress = (values: AddressFormValues): boolean =>
  values.kind === "residence" &&
  [values.shelterName, values.locationNote, values.line1, values.line2, values.city, values.state, values.postalCode, values.movedIn].every(
    (value) => value.trim() === "",
  );
