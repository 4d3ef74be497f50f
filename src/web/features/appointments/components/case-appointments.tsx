import { useEffect, useRef, useState } from "react";
import { Button, ErrorAlert, Loading, Table } from "../../../components/ui";
import { type Appointment, useCaseAppointments } from "../api/appointments";
import { AppointmentActions } from "./appointment-actions";
import { AppointmentForm } from "./appointment-form";
import { AppointmentItem } from "./appointment-item";
import { AppointmentStatusTag, appointmentTypeLabels, timeRangeText } from "./appointment-labels";
import { Notice, noticeOf } from "./notice";

/** The person page's appointments: the next scheduled ones, scheduling a new one, and the earlier ones. */
export function CaseAppointments({ caseId, canSchedule }: { caseId: string; canSchedule: boolean }) {
  const upcoming = useCaseAppointments(caseId, true);
  const [notice, setNotice] = useState<ReturnType<typeof noticeOf> | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const formArea = useRef<HTMLDivElement>(null);
  const onDone = (text: string) => setNotice(noticeOf(text));

  // Opening the form moves focus to its first field.
  useEffect(() => {
    if (scheduling) formArea.current?.querySelector<HTMLElement>("select, input")?.focus();
  }, [scheduling]);

  return (
    <>
      <Notice message={notice} />
      {upcoming.isPending ? <Loading label="Loading appointments…" /> : null}
      <ErrorAlert error={upcoming.error} />
      {upcoming.data ? (
        upcoming.data.length === 0 ? (
          <p>No upcoming appointments.</p>
        ) : (
          <ol className="usa-list usa-list--unstyled waypoint-appointments maxw-tablet-lg" aria-label="Next appointments">
            {upcoming.data.map((appointment) => (
              <AppointmentItem
                key={appointment.id}
                appointment={appointment}
                headingLevel="h3"
                withPerson={false}
                withDay
                onDone={onDone}
              />
            ))}
          </ol>
        )
      ) : null}
      {canSchedule ? (
        <>
          <Button
            variant="outline"
            className="margin-top-2"
            aria-expanded={scheduling}
            aria-controls={`schedule-${caseId}`}
            onClick={() => setScheduling((open) => !open)}
          >
            Schedule appointment
          </Button>
          <div id={`schedule-${caseId}`} ref={formArea} hidden={!scheduling}>
            {scheduling ? (
              <AppointmentForm
                caseId={caseId}
                onSaved={(saved) => {
                  setScheduling(false);
                  onDone(`${appointmentTypeLabels[saved.appointmentType]} scheduled for ${timeRangeText(saved, true)}.`);
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
      <EarlierAppointments caseId={caseId} upcoming={upcoming.data} onDone={onDone} />
    </>
  );
}

/** Appointments that have ended or were cancelled, newest first; one without an outcome can still get it. */
function EarlierAppointments(props: { caseId: string; upcoming: Appointment[] | undefined; onDone: (message: string) => void }) {
  const all = useCaseAppointments(props.caseId, false);
  if (!all.data || !props.upcoming) return null;
  const next = new Set(props.upcoming.map((item) => item.id));
  const earlier = all.data.filter((item) => !next.has(item.id)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  if (earlier.length === 0) return null;
  return (
    <>
      <h3>Earlier and cancelled appointments</h3>
      <Table caption="Earlier and cancelled appointments, newest first" captionHidden>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Type</th>
            <th scope="col">Location</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {earlier.map((appointment) => (
            <tr key={appointment.id} data-appointment-id={appointment.id}>
              <th scope="row" className="waypoint-nowrap">
                {timeRangeText(appointment, true)}
              </th>
              <td>{appointmentTypeLabels[appointment.appointmentType]}</td>
              <td>{appointment.location ?? "—"}</td>
              <td data-field="status">
                <AppointmentStatusTag appointment={appointment} />
                {appointment.cancelReason ? <div className="font-sans-3xs">Reason: {appointment.cancelReason}</div> : null}
              </td>
              <td>
                {appointment.status === "scheduled" ? (
                  <AppointmentActions appointment={appointment} compact withPerson={false} onDone={props.onDone} />
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
