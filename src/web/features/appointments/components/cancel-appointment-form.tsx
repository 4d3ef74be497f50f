import { cancelBody } from "../../../../shared/contract/contacts";
import { Form, SubmitButton, TextAreaField } from "../../../components/form";
import { useContractForm } from "../../../lib/contract-form";
import { type Appointment, useCancelAppointment } from "../api/appointments";

/** Cancels an appointment; the reason is required and kept with it. */
export function CancelAppointmentForm({
  appointment,
  onCancelled,
}: {
  appointment: Appointment;
  onCancelled: (saved: Appointment) => void;
}) {
  const cancel = useCancelAppointment(appointment.id);
  const form = useContractForm(cancelBody, {
    defaultValues: { reason: "" },
    // Cancelling names the version it was based on: a move or cancel by someone else meanwhile is a 409.
    toRequest: (values) => ({ ...values, expectedVersion: appointment.version }),
    messages: { reason: "Give the reason for cancelling" },
  });

  return (
    <Form
      form={form}
      onSubmit={async (input) => onCancelled(await cancel.mutateAsync(input))}
      className="usa-form maxw-full"
      aria-label="Cancel the appointment"
      summaryHeadingLevel="h3"
    >
      <TextAreaField
        name="reason"
        label="Reason for cancelling"
        hint="For example: the person is in hospital; rescheduled by phone"
        rows={3}
        maxLength={500}
      />
      <div className="margin-top-2">
        <SubmitButton className="usa-button--secondary">{cancel.isPending ? "Cancelling…" : "Cancel appointment"}</SubmitButton>
      </div>
    </Form>
  );
}
