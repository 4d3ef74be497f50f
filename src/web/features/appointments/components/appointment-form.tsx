import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Button, ErrorAlert, Select, TextInput } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { optionsFrom } from "../../../lib/supervision-labels";
import { type Appointment, type AppointmentType, useRescheduleAppointment, useScheduleAppointment } from "../api/appointments";
import { localInstant, minutesBetween, toDateKey, toTimeKey } from "../lib/calendar-dates";
import { focusFirstInvalid } from "../lib/focus";
import { appointmentTypeLabels } from "./appointment-labels";

type Draft = { appointmentType: AppointmentType; date: string; time: string; duration: string; location: string };

const durations = [15, 30, 45, 60, 90, 120, 180, 240, 480];
const durationLabel = (minutes: number) =>
  minutes < 60
    ? `${minutes} minutes`
    : minutes === 60
      ? "1 hour"
      : `${minutes % 60 === 0 ? minutes / 60 : (minutes / 60).toFixed(1)} hours`;

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

/**
 * The server's message for a field: its own sentence when that field is the only problem
 * ("A new appointment cannot start in the past."), otherwise the field's issue.
 */
function serverMessage(error: unknown, field: string): string | undefined {
  if (!isApiError(error) || !error.issueFor(field)) return undefined;
  return error.issues.length === 1 && error.code !== "validation_failed" ? error.message : fieldErrorsFrom(error)[field];
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
  const [draft, setDraft] = useState<Draft>(() => draftFrom(appointment));
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  // Whether a time is in the past is for the server's clock to say; the form checks only that the fields are filled in.
  const errors: FieldErrors = {
    appointmentType: serverMessage(mutation.error, "appointmentType"),
    when: localErrors.when ?? serverMessage(mutation.error, "startsAt"),
    duration: serverMessage(mutation.error, "endsAt"),
    location: serverMessage(mutation.error, "location"),
  };

  useEffect(() => {
    if (mutation.error) focusFirstInvalid(formRef.current);
  }, [mutation.error]);
  useEffect(() => {
    if (hasErrors(localErrors)) focusFirstInvalid(formRef.current);
  }, [localErrors]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const starts = localInstant(draft.date, draft.time);
    if (!starts) {
      setLocalErrors({ when: draft.date ? "Enter the start time, for example 10:30 AM" : "Enter the date of the appointment" });
      return;
    }
    setLocalErrors({});
    const ends = new Date(starts.getTime() + Number(draft.duration) * 60_000);
    const times = { startsAt: starts.toISOString(), endsAt: ends.toISOString(), location: draft.location.trim() || null };
    if (appointment) reschedule.mutate(times, { onSuccess: onSaved });
    else schedule.mutate({ appointmentType: draft.appointmentType, ...times }, { onSuccess: onSaved });
  };

  const minutes = Number(draft.duration);
  const durationOptions = (durations.includes(minutes) ? durations : [...durations, minutes].sort((a, b) => a - b)).map((value) => ({
    value: String(value),
    label: durationLabel(value),
  }));

  return (
    <form
      ref={formRef}
      className="usa-form maxw-tablet"
      aria-label={appointment ? "Reschedule the appointment" : "Schedule appointment"}
      onSubmit={submit}
      noValidate
    >
      {appointment ? null : (
        <Select
          label="Type of appointment"
          value={draft.appointmentType}
          onChange={(event) => set({ appointmentType: event.target.value as AppointmentType })}
          options={optionsFrom(appointmentTypeLabels)}
          error={errors.appointmentType}
        />
      )}
      <WhenFields date={draft.date} time={draft.time} onChange={set} error={errors.when} />
      <Select
        label="Duration"
        value={draft.duration}
        onChange={(event) => set({ duration: event.target.value })}
        options={durationOptions}
        error={errors.duration}
      />
      <TextInput
        label="Location"
        hint={appointment ? "Optional; left empty, the location stays as it is" : "Optional, for example the office or the person's home"}
        value={draft.location}
        maxLength={300}
        onChange={(event) => set({ location: event.target.value })}
        error={errors.location}
      />
      <ErrorAlert error={mutation.error} />
      <div className="margin-top-2">
        <Button type="submit" pending={mutation.isPending}>
          {mutation.isPending ? "Saving…" : appointment ? "Save new time" : "Schedule appointment"}
        </Button>
      </div>
    </form>
  );
}

/** Date and start time as one group with one error message (USWDS fieldset), since either can make the time wrong. */
function WhenFields({
  date,
  time,
  onChange,
  error,
}: {
  date: string;
  time: string;
  onChange: (change: Partial<Draft>) => void;
  error: string | undefined;
}) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
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
          <label className="usa-label" htmlFor={`${id}-date`}>
            Date
          </label>
          <input
            id={`${id}-date`}
            className={inputClass}
            type="date"
            value={date}
            aria-describedby={errorId}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ date: event.target.value })}
          />
        </div>
        <div className="grid-col-12 mobile-lg:grid-col-6">
          <label className="usa-label" htmlFor={`${id}-time`}>
            Start time
          </label>
          <input
            id={`${id}-time`}
            className={inputClass}
            type="time"
            value={time}
            aria-describedby={errorId}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ time: event.target.value })}
          />
        </div>
      </div>
    </fieldset>
  );
}
