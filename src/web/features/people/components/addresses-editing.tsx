import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { addressBody, addressCorrectionBody, addressVerificationBody, moveOutBody } from "../../../../shared/contract/people";
import { Form, FormButtons, RadioGroupField, TextField } from "../../../components/form";
import { Alert, Button, Dialog, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate } from "../../../lib/format";
import { personKeys } from "../../../lib/query-keys";
import { useAgencyToday } from "../../../lib/session";
import { useAddAddress, useCorrectAddress, useMoveOut, useVerifyAddress } from "../api/addresses-employment";
import type { PersonRecord } from "../api/people";
import { type AddressFormValues, addressForKind, addressFormValues, blankAddress } from "../lib/address-form";
import { addressKindLabels, addressText, type RecordedAddress, verificationText } from "../lib/address-text";
import { AddressFields } from "./address-fields";

const addressMessages = {
  shelterName: "Enter the shelter's name",
  locationNote: "Describe where they were last known to stay",
  line1: "Enter the street address",
  city: "Enter the city",
  state: "Enter the state",
  postalCode: "Enter the ZIP code",
  movedIn: "Enter the date they moved in",
};

type Action = { kind: "add" } | { kind: "correct" | "verify" | "move-out"; address: RecordedAddress };

/** The address history, current first, with adding an address, a move out, a correction and a verification. */
export function AddressesEditor({ record, canEdit }: { record: PersonRecord; canEdit: boolean }) {
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const addresses = [...record.addresses].sort(
    (a, b) => Number(a.movedOut !== null) - Number(b.movedOut !== null) || b.movedIn.localeCompare(a.movedIn),
  );
  const personId = record.person.id;
  const currentAddressId = addresses.find((address) => address.movedOut === null)?.id ?? null;
  const finish = (message: string) => {
    setAction(null);
    setDone(message);
  };
  const close = () => setAction(null);
  const titles = {
    add: "Add an address",
    correct: "Correct this address",
    verify: "Record a residence verification",
    "move-out": "Record a move out?",
  } as const;

  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {addresses.length === 0 ? (
        <p>No addresses recorded.</p>
      ) : (
        <Table caption="Address history, current first" captionHidden>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Kind</th>
              <th scope="col">Lived there</th>
              <th scope="col">Verification</th>
              {canEdit ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {addresses.map((address) => (
              <tr key={address.id} data-address-id={address.id} data-current={address.movedOut === null || undefined}>
                <th scope="row">{addressText(address)}</th>
                <td>
                  {addressKindLabels[address.kind]}
                  {address.movedOut === null ? <span className="usa-tag bg-primary margin-left-1">Current</span> : null}
                </td>
                <td>
                  {address.movedOut
                    ? `${formatDate(address.movedIn)} – ${formatDate(address.movedOut)}`
                    : `Since ${formatDate(address.movedIn)}`}
                </td>
                <td>{verificationText(address)}</td>
                {canEdit ? (
                  <td>
                    <ul className="usa-list usa-list--unstyled">
                      <li>
                        <Button variant="unstyled" onClick={() => setAction({ kind: "correct", address })}>
                          Correct<span className="usa-sr-only"> {addressText(address)}</span>
                        </Button>
                      </li>
                      {address.movedOut === null && address.kind !== "transient" ? (
                        <li>
                          <Button variant="unstyled" onClick={() => setAction({ kind: "verify", address })}>
                            Record verification<span className="usa-sr-only"> of {addressText(address)}</span>
                          </Button>
                        </li>
                      ) : null}
                      {address.movedOut === null ? (
                        <li>
                          <Button variant="unstyled" onClick={() => setAction({ kind: "move-out", address })}>
                            Move out<span className="usa-sr-only"> of {addressText(address)}</span>
                          </Button>
                        </li>
                      ) : null}
                    </ul>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canEdit ? (
        <Button variant="outline" className="margin-top-2" onClick={() => setAction({ kind: "add" })}>
          Add an address
        </Button>
      ) : null}
      {action ? (
        <Dialog title={titles[action.kind]} onClose={close}>
          {action.kind === "add" ? (
            <AddAddressForm personId={personId} currentAddressId={currentAddressId} onDone={finish} onCancel={close} />
          ) : null}
          {action.kind === "correct" ? (
            <CorrectAddressForm personId={personId} address={action.address} onDone={finish} onCancel={close} />
          ) : null}
          {action.kind === "verify" ? (
            <VerifyAddressForm personId={personId} address={action.address} onDone={finish} onCancel={close} />
          ) : null}
          {action.kind === "move-out" ? (
            <MoveOutForm personId={personId} address={action.address} onDone={finish} onCancel={close} />
          ) : null}
        </Dialog>
      ) : null}
    </>
  );
}

type FormProps = { personId: string; onDone: (message: string) => void; onCancel: () => void };

/** A move to a new address (a residence, a shelter stay, or no fixed address): the current one ends that day. */
function AddAddressForm({ personId, currentAddressId, onDone, onCancel }: FormProps & { currentAddressId: string | null }) {
  const today = useAgencyToday();
  const queryClient = useQueryClient();
  const add = useAddAddress(personId);
  const form = useContractForm(addressBody, {
    defaultValues: blankAddress(today) as never,
    // The current address this form was opened over: if someone records another meanwhile, the move is a 409.
    toRequest: ((values: AddressFormValues) => ({ ...addressForKind(values), expectedCurrentAddressId: currentAddressId })) as never,
    messages: addressMessages,
    // After a conflict: the dialog closes on the reloaded history, which shows the address recorded meanwhile.
    onReload: async () => {
      await queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) });
      onCancel();
    },
  });
  return (
    <Form
      form={form}
      aria-label="Add an address"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await add.mutateAsync(request);
        onDone(
          `${addressKindLabels[request.kind]} recorded from ${formatDate(request.movedIn)}. Any earlier current address ended that day.`,
        );
      }}
    >
      <p className="margin-top-0">A move: the current address, if any, ends on the move-in date and stays in the history.</p>
      <AddressFields />
      <FormButtons submit="Save address" onCancel={onCancel} />
    </Form>
  );
}

/** Correct a typo or the move-in date of an address as recorded: not a move. */
function CorrectAddressForm({ personId, address, onDone, onCancel }: FormProps & { address: RecordedAddress }) {
  const correct = useCorrectAddress(personId, address.id);
  const form = useContractForm(addressCorrectionBody, {
    // The map point is not edited here but goes back unchanged: a correction replaces the whole address as recorded.
    defaultValues: {
      ...addressFormValues(address),
      latitude: address.latitude ?? "",
      longitude: address.longitude ?? "",
      expectedVersion: address.version,
    } as never,
    toRequest: addressForKind as never,
    messages: addressMessages,
  });
  return (
    <Form
      form={form}
      aria-label="Correct this address"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await correct.mutateAsync(request);
        onDone("Address corrected.");
      }}
    >
      <p className="margin-top-0">Correct the address as recorded. If the person moved, add the new address instead.</p>
      <AddressFields />
      <FormButtons submit="Save correction" onCancel={onCancel} />
    </Form>
  );
}

/** A home visit or the shelter's staff confirmed (or could not confirm) that the person lives there. */
function VerifyAddressForm({ personId, address, onDone, onCancel }: FormProps & { address: RecordedAddress }) {
  const today = useAgencyToday();
  const verify = useVerifyAddress(personId, address.id);
  const form = useContractForm(addressVerificationBody, {
    defaultValues: { status: "verified", verifiedOn: today, expectedVersion: address.version } as never,
    messages: { verifiedOn: "Enter the date of the verification", status: "Choose the result" },
  });
  return (
    <Form
      form={form}
      aria-label="Record a residence verification"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await verify.mutateAsync(request);
        onDone(
          request.status === "verified"
            ? `Address verified on ${formatDate(request.verifiedOn)}.`
            : `Verification failed on ${formatDate(request.verifiedOn)}.`,
        );
      }}
    >
      <p className="margin-top-0">{addressText(address)}</p>
      <RadioGroupField
        name="status"
        legend="Result"
        hint={address.kind === "shelter" ? "Confirmed by the shelter's staff, or not" : "Confirmed by a home visit, or not"}
        options={[
          { value: "verified", label: "Verified: they live there" },
          { value: "failed", label: "Failed: they do not live there" },
        ]}
      />
      <TextField name="verifiedOn" label="Date of the verification" type="date" max={today} />
      <FormButtons submit="Save verification" onCancel={onCancel} />
    </Form>
  );
}

/** Moving out is final for the address (it stays as history): the dialog says which address and asks for the day. */
function MoveOutForm({ personId, address, onDone, onCancel }: FormProps & { address: RecordedAddress }) {
  const today = useAgencyToday();
  const moveOut = useMoveOut(personId, address.id);
  const form = useContractForm(moveOutBody, {
    defaultValues: { movedOut: today, expectedVersion: address.version } as never,
    messages: { movedOut: "Enter the date they moved out" },
  });
  return (
    <Form
      form={form}
      aria-label="Record a move out"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await moveOut.mutateAsync(request);
        onDone(`Moved out of ${addressText(address)} on ${formatDate(request.movedOut)}.`);
      }}
    >
      <p className="margin-top-0">
        The person no longer lives at <strong>{addressText(address)}</strong>. The address stays in the history and cannot be made current
        again; if they moved somewhere new, add the new address instead (this one then ends by itself).
      </p>
      <TextField name="movedOut" label="Moved out on" type="date" max={today} />
      <FormButtons submit="Move out" onCancel={onCancel} />
    </Form>
  );
}
