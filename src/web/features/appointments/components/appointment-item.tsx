import { Link } from "react-router";
import { paths } from "../../../config/paths";
import type { Appointment } from "../api/appointments";
import { AppointmentActions } from "./appointment-actions";
import { AppointmentStatusTag, appointmentTypeLabels, displayStatus, timeRangeText } from "./appointment-labels";

type Props = {
  appointment: Appointment;
  headingLevel: "h3" | "h4";
  /** Name and link the person (the calendar); the person page leaves them out. */
  withPerson?: boolean;
  /** Show the day with the time (lists that span days). */
  withDay?: boolean;
  compact?: boolean;
  onDone: (message: string) => void;
};

/** One appointment as a list item: time and type as its heading, person, location, status and actions. */
export function AppointmentItem({
  appointment,
  headingLevel: Heading,
  withPerson = true,
  withDay = false,
  compact = false,
  onDone,
}: Props) {
  return (
    <li className={`waypoint-appointment waypoint-appointment--${displayStatus(appointment)}`} data-appointment-id={appointment.id}>
      <Heading className="waypoint-appointment__heading">
        <span className="display-block">{timeRangeText(appointment, withDay)}</span>
        <span className="display-block" data-field="type">
          {appointmentTypeLabels[appointment.appointmentType]}
        </span>
      </Heading>
      {withPerson ? (
        <p className="margin-y-05">
          <span className="usa-sr-only">Person: </span>
          <Link className="usa-link" to={paths.people.person.getHref(appointment.personId)}>
            {appointment.personName}
          </Link>
        </p>
      ) : null}
      <p className="margin-y-05" data-field="location">
        <span className="usa-sr-only">Location: </span>
        {appointment.location ?? <span className="text-base-dark">No location given</span>}
      </p>
      <p className="margin-y-05" data-field="status">
        <span className="usa-sr-only">Status: </span>
        <AppointmentStatusTag appointment={appointment} />
        {appointment.cancelReason ? <span className="display-block font-sans-3xs">Reason: {appointment.cancelReason}</span> : null}
      </p>
      <AppointmentActions appointment={appointment} compact={compact} withPerson={withPerson} onDone={onDone} />
    </li>
  );
}
