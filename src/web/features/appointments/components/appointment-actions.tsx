import { useState } from "react";
import { Button, Dialog } from "../../../components/ui";
import { contactOutcomeLabels, contactTypeLabels } from "../../../lib/supervision-labels";
import { RecordContactForm } from "../../contacts/components/record-contact-form";
import type { Appointment } from "../api/appointments";
import { AppointmentForm } from "./appointment-form";
import { appointmentDescription, appointmentTypeLabels, contactTypeOf, timeRangeText } from "./appointment-labels";
import { CancelAppointmentForm } from "./cancel-appointment-form";

type Action = "outcome" | "reschedule" | "cancel";

const titles: Record<Action, string> = { outcome: "Record outcome", reschedule: "Reschedule", cancel: "Cancel the appointment" };

type Props = {
  appointment: Appointment;
  /** Narrow layouts (the week grid) get text buttons stacked under each other. */
  compact?: boolean;
  /** Whether the appointment's person is obvious from the page (the person page) or must be named. */
  withPerson?: boolean;
  /** What happened, for the page's notice. */
  onDone: (message: string) => void;
};

/** Record outcome, reschedule and cancel for a scheduled appointment, each in a dialog. */
export function AppointmentActions({ appointment, compact = false, withPerson = true, onDone }: Props) {
  const [action, setAction] = useState<Action | null>(null);
  if (appointment.status !== "scheduled") return null;

  const described = appointmentDescription(appointment, withPerson);
  const finish = (message: string) => {
    setAction(null);
    onDone(message);
  };
  const button = (name: Action, text: string) => (
    <li className={compact ? "margin-top-05" : "margin-right-1 margin-top-1"}>
      <Button variant={compact ? "unstyled" : name === "outcome" ? "primary" : "outline"} onClick={() => setAction(name)}>
        {text}
        <span className="usa-sr-only"> of the {described}</span>
      </Button>
    </li>
  );

  return (
    <>
      <ul className={`usa-list usa-list--unstyled${compact ? "" : " display-flex flex-wrap"}`} aria-label="Actions">
        {button("outcome", "Record outcome")}
        {button("reschedule", "Reschedule")}
        {button("cancel", "Cancel")}
      </ul>
      {action ? (
        <Dialog title={titles[action]} onClose={() => setAction(null)}>
          <p className="margin-top-0">
            {appointmentTypeLabels[appointment.appointmentType]} with {appointment.personName}, {timeRangeText(appointment, true)}
            {appointment.location ? `, ${appointment.location}` : ""}.
          </p>
          {action === "outcome" ? (
            <>
              <p>Recording the contact completes the appointment.</p>
              <RecordContactForm
                caseId={appointment.caseId}
                personId={appointment.personId}
                label="Record the outcome"
                submitLabel="Record outcome"
                prefill={{
                  contactType: contactTypeOf(appointment.appointmentType),
                  // The appointment's time; recorded before then, the form asks when the contact really took place.
                  occurredAt: new Date(appointment.startsAt),
                  location: appointment.location,
                  appointmentId: appointment.id,
                }}
                onRecorded={(saved) =>
                  finish(
                    `${contactTypeLabels[saved.contactType]} with ${appointment.personName} recorded as ${contactOutcomeLabels[saved.outcome].toLowerCase()}; the appointment is ${saved.outcome === "completed" ? "completed" : saved.outcome === "cancelled" ? "cancelled" : "marked missed"}.` +
                      (saved.noteId ? " A draft note documents it; sign it in Notes." : "") +
                      (saved.verifiedAddressId ? " The current address is now verified." : ""),
                  )
                }
              />
            </>
          ) : action === "reschedule" ? (
            <AppointmentForm
              caseId={appointment.caseId}
              appointment={appointment}
              onSaved={(saved) =>
                finish(`${appointmentTypeLabels[saved.appointmentType]} with ${saved.personName} moved to ${timeRangeText(saved, true)}.`)
              }
            />
          ) : (
            <CancelAppointmentForm
              appointment={appointment}
              onCancelled={(saved) =>
                finish(
                  `${appointmentTypeLabels[saved.appointmentType]} with ${saved.personName} on ${timeRangeText(saved, true)} cancelled.`,
                )
              }
            />
          )}
        </Dialog>
      ) : null}
    </>
  );
}
