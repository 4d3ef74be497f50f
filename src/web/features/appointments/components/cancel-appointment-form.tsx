import { type FormEvent, useEffect, useRef, useState } from "react";
import { Button, ErrorAlert, TextArea } from "../../../components/ui";
import { fieldErrorsFrom } from "../../../lib/form-errors";
import { type Appointment, useCancelAppointment } from "../api/appointments";
import { focusFirstInvalid } from "../lib/focus";

/** Cancels an appointment; the reason is required and kept with it. */
export function CancelAppointmentForm({
  appointment,
  onCancelled,
}: {
  appointment: Appointment;
  onCancelled: (saved: Appointment) => void;
}) {
  const cancel = useCancelAppointment(appointment.id);
  const [reason, setReason] = useState("");
  const [localError, setLocalError] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const error = localError ?? fieldErrorsFrom(cancel.error).reason;

  useEffect(() => {
    if (localError || cancel.error) focusFirstInvalid(formRef.current);
  }, [localError, cancel.error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setLocalError("Give the reason for cancelling");
      return;
    }
    setLocalError(undefined);
    cancel.mutate(reason.trim(), { onSuccess: onCancelled });
  };

  return (
    <form ref={formRef} className="usa-form maxw-full" aria-label="Cancel the appointment" onSubmit={submit} noValidate>
      <TextArea
        label="Reason for cancelling"
        hint="For example: the person is in hospital; rescheduled by phone"
        rows={3}
        maxLength={500}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={error}
      />
      <ErrorAlert error={cancel.error} />
      <div className="margin-top-2">
        <Button type="submit" variant="secondary" pending={cancel.isPending}>
          {cancel.isPending ? "Cancelling…" : "Cancel appointment"}
        </Button>
      </div>
    </form>
  );
}
