import { useState } from "react";
import type { PersonRecord } from "../../../../shared/contract/people";
import { Button } from "../../../components/ui";
import { addressText, currentAddressOf } from "../../people/lib/address-text";
import { StartFieldVisit } from "./start-visit-form";

/** The person's current address as one line, with its coordinates when known. */
function currentAddress(record: PersonRecord) {
  const address = currentAddressOf(record);
  if (!address) return { location: "", coordinates: null };
  const line = addressText(address);
  const coordinates =
    address.latitude !== null && address.longitude !== null ? { latitude: address.latitude, longitude: address.longitude } : null;
  return { location: line, coordinates };
}

/** "Start field visit" on the person page: the check-in form, folded until asked for, pre-filled with the current address. */
export function PersonFieldVisit({ record, caseId, userId }: { record: PersonRecord; caseId: string; userId: string }) {
  const [open, setOpen] = useState(false);
  const { location, coordinates } = currentAddress(record);
  return (
    <>
      <Button variant="outline" aria-expanded={open} aria-controls="start-field-visit" onClick={() => setOpen(!open)}>
        Start field visit
      </Button>
      <div id="start-field-visit" hidden={!open} className="margin-top-2">
        {open ? (
          <StartFieldVisit key={caseId} userId={userId} caseId={caseId} defaultLocation={location} coordinates={coordinates} />
        ) : null}
      </div>
    </>
  );
}
