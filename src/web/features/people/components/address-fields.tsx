import { useWatch } from "react-hook-form";
import { RadioGroupField, TextAreaField, TextField, useFormFields } from "../../../components/form";
import { addressKindOptions } from "../lib/address-form";

type Props = {
  /** The path of the address in the form's values ("address." at intake, "" when the form is the address). */
  prefix?: string;
  /** Label of the move-in date (intake: optional, defaults to the supervision start). */
  movedInLabel?: string;
  movedInHint?: string;
};

/**
 * The fields of an address by its kind: a residence its street address; a shelter its name and street address;
 * no fixed address (transient) the last known location in words, and the city if known.
 */
export function AddressFields({ prefix = "", movedInLabel = "Moved in", movedInHint }: Props) {
  const form = useFormFields();
  // useWatch re-renders only these fields when the kind changes, not the whole form on every keystroke.
  const kind = (useWatch({ control: form.control, name: `${prefix}kind` }) as string | undefined) ?? "residence";
  const chosen = addressKindOptions.find((option) => option.value === kind);
  return (
    <>
      <RadioGroupField name={`${prefix}kind`} legend="Kind of address" hint={chosen?.hint} options={addressKindOptions} />
      {kind === "shelter" ? <TextField name={`${prefix}shelterName`} label="Shelter name" autoComplete="off" /> : null}
      {kind === "transient" ? (
        <TextAreaField
          name={`${prefix}locationNote`}
          label="Last known location"
          hint="Where they stay or can be found, in words (e.g. under the 5th Street bridge, near the bus station)"
          rows={2}
        />
      ) : (
        <>
          <TextField name={`${prefix}line1`} label="Street address" autoComplete="off" />
          <TextField name={`${prefix}line2`} label="Apartment, unit or room (optional)" autoComplete="off" />
        </>
      )}
      <TextField name={`${prefix}city`} label={kind === "transient" ? "City (optional)" : "City"} autoComplete="off" />
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-4">
          <TextField
            name={`${prefix}state`}
            label={kind === "transient" ? "State (optional)" : "State"}
            hint="Two letters, e.g. GA"
            autoComplete="off"
            className="usa-input--small"
            maxLength={40}
          />
        </div>
        {kind !== "transient" ? (
          <div className="grid-col-12 tablet:grid-col-6">
            <TextField name={`${prefix}postalCode`} label="ZIP code" autoComplete="off" className="usa-input--medium" inputMode="numeric" />
          </div>
        ) : null}
      </div>
      <TextField
        name={`${prefix}movedIn`}
        label={kind === "transient" && movedInLabel === "Moved in" ? "Without a fixed address since" : movedInLabel}
        hint={movedInHint}
        type="date"
      />
    </>
  );
}
