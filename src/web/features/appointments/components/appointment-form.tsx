import type { z } from "zod";
import { appointmentBody, rescheduleBody } from "../../../../shared/contract/contacts";
import { Form, SelectField, SubmitButton, TextField, useFormFields } from "../../../components/form";
import { ApiError, isApiError } from "../../../lib/api-client";
import { fieldId, useContractForm } from "../../../lib/contract-form";
import { optionsFrom } from "../../../lib/supervision-labels";
import { type Appointment, type AppointmentType, useRescheduleAppointment, useScheduleAppointment } from "../api/appointments";
import { localInstant, minutesBetween, toDateKey, toTimeKey } from "../lib/calendar-dates";
import { appointmentTypeLabels } from "./appointment-labels";

const durations = [15, 30, 45, 60, 90, 120, 180, 240, 480];
const durationLabel = (minutes: number) =>
  minutes < 60
    ? `${minutes} minutes`
    : minutes === 60
      ? "1 hour"
      : `${minutes % 60 === 0 ? minutes / 60 : (minutes / 60).toFixed(1)} hours`;

type Draft = { appointmentType: AppointmentType; date: string; time: string; duration: string; location: string };

const draftFrom = (appointment: Appointment | undefined): Draft => {
  if (!appointment) return { appointmentType: "office_visit", date: "", time: "", duration: "60", location: "" };
  const starts = new Date(appointment.startsAt);
  return {
    appointmentType: appointment.appointmentType,
    date: toDateKey(starts),
    time: toTimeKey(starts),
    duration: String(minutesBetween(starts, new Date(appointment.endsAt))),
    location: appointment.location ?? "",
  };
};

/** The request from the form's date, start time and duration (blank times stay blank, so the schema asks for them). */
function requestFrom(draft: Draft, rescheduling: Appointment | undefined) {
  const starts = localInstant(draft.date, draft.time);
  const ends = starts ? new Date(starts.getTime() + Number(draft.duration) * 60_000) : null;
  return {
    // A move names the version it was based on: someone else's change meanwhile is a 409, not overwritten.
    ...(rescheduling ? { expectedVersion: rescheduling.version } : { appointmentType: draft.appointmentType }),
    startsAt: starts ? starts.toISOString() : "",
    // Without a start the end is moot: only the start is reported (on the date), not the duration too.
    endsAt: (ends ?? new Date(0)).toISOString(),
    location: draft.location,
  };
}

/**
 * A refusal about one field ("A new appointment cannot start in the past.") says it better than its terse issue
 * ("in the past"): the field shows the server's sentence.
 */
function withSentenceOnField(error: unknown): unknown {
  if (!isApiError(error) || error.code === "validation_failed" || error.issues.length !== 1) return error;
  const [issue] = error.issues;
  return new ApiError(error.status, error.code, error.message, [{ field: issue?.field ?? "", message: error.message }]);
}

type Props = {
  caseId: string;
  /** Rescheduling this appointment; without it, a new one is scheduled. */
  appointment?: Appointment;
  onSaved: (saved: Appointment) => void;
};

/** Schedules an appointment of a case, or moves one: type (new only), date, start time, duration and location. */
export function AppointmentForm({ caseId, appointment, onSaved }: Props) {
  const schedule = useScheduleAppointment(caseId);
  const reschedule = useRescheduleAppointment(appointment?.id ?? "");
  const mutation = appointment ? reschedule : schedule;
  // Whether a time is in the past is for the server's clock to say; the form checks only that the fields are filled in.
  const form = useContractForm(appointment ? rescheduleBody : appointmentBody, {
    defaultValues: draftFrom(appointment) as never,
    toRequest: (values) => requestFrom(values as unknown as Draft, appointment),
    fieldAliases: { startsAt: "date", endsAt: "duration" },
    messages: { date: "Enter the date and start time of the appointment, for example 10:30 AM" },
  });

  const send = async (request: z.output<typeof rescheduleBody> | z.output<typeof appointmentBody>) => {
    try {
      const saved = "expectedVersion" in request ? await reschedule.mutateAsync(request) : await schedule.mutateAsync(request);
      onSaved(saved);
    } catch (error) {
      throw withSentenceOnField(error);
    }
  };

  const minutes = Number(form.watch("duration"));
  const durationOptions = (durations.includes(minutes) ? durations : [...durations, minutes].sort((a, b) => a - b)).map((value) => ({
    value: String(value),
    label: durationLabel(value),
  }));

  return (
    <Form
      form={form}
      onSubmit={send}
      className="usa-form maxw-tablet"
      aria-label={appointment ? "Reschedule the appointment" : "Schedule appointment"}
      summaryHeadingLevel={appointment ? "h3" : "h4"}
    >
      {appointment ? null : <SelectField name="appointmentType" label="Type of appointment" options={optionsFrom(appointmentTypeLabels)} />}
      <WhenFields />
      <SelectField name="duration" label="Duration" options={durationOptions} />
      <TextField
        name="location"
        label="Location"
        hint={appointment ? "Optional; left empty, the location stays as it is" : "Optional, for example the office or the person's home"}
        maxLength={300}
      />
      <div className="margin-top-2">
        <SubmitButton>{mutation.isPending ? "Saving…" : appointment ? "Save new time" : "Schedule appointment"}</SubmitButton>
      </div>
    </Form>
  );
}

/** Date and start time as one group with one error message (USWDS fieldset), since either can make the time wrong. */
function WhenFields() {
  const form = useFormFields();
  const errors = form.formState.errors as Record<string, { message?: string } | undefined>;
  const error = errors.date?.message ?? errors.time?.message;
  const dateId = fieldId(form.formId, "date");
  const timeId = fieldId(form.formId, "time");
  const errorId = error ? `${dateId}-error` : undefined;
  const inputClass = `usa-input${error ? " usa-input--error" : ""}`;
  return (
    <fieldset className={`usa-fieldset usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <legend className={`usa-legend${error ? " usa-label--error" : ""}`}>Date and start time</legend>
      {error ? (
        <span className="usa-error-message" id={errorId}>
          {error}
        </span>
      ) : null}
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 mobile-lg:grid-col-6">
          <label className="usa-label" htmlFor={dateId}>
            Date
          </label>
          <input
            id={dateId}
            className={inputClass}
            type="date"
            aria-describedby={errorId}
            aria-invalid={error ? true : undefined}
            {...form.register("date")}
          />
        </div>
        <div className="grid-col-12 mobile-lg:grid-col-6">
          <label className="usa-label" htmlFor={timeId}>
            Start time
          </label>
          <input
            id={timeId}
            className={inputClass}
            type="time"
            aria-describedby={errorId}
            aria-invalid={error ? true : undefined}
            {...form.register("time")}
          />
        </div>
      </div>
    </fieldset>
  );
}
