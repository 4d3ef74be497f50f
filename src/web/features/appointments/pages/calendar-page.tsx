import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { z } from "zod";
import { ErrorAlert, Loading, Select } from "../../../components/ui";
import { useUnitOfficers } from "../../../lib/officers";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { type Appointment, useCalendar } from "../api/appointments";
import { AppointmentItem } from "../components/appointment-item";
import { CalendarFeed } from "../components/calendar-feed";
import { Notice, noticeOf } from "../components/notice";
import {
  type CalendarView,
  formatDay,
  formatMonthDay,
  formatWeek,
  formatWeekday,
  parseDateKey,
  rangeOf,
  sameDay,
  shift,
  startOfDay,
  toDateKey,
} from "../lib/calendar-dates";

const viewLabels: Record<CalendarView, string> = { day: "Day", week: "Week" };

/** The officer's appointments by day or week; the view, the date and (supervisors) the officer are in the address. */
export function CalendarPage() {
  usePageTitle("Calendar");
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const officers = useUnitOfficers(isSupervisor);
  const [searchParams, setSearchParams] = useSearchParams();
  const [notice, setNotice] = useState<ReturnType<typeof noticeOf> | null>(null);

  // Unknown values in the address fall back to today's day view.
  const view: CalendarView = searchParams.get("view") === "week" ? "week" : "day";
  const today = startOfDay(new Date());
  const date = parseDateKey(searchParams.get("date")) ?? today;
  const officerParam = z.uuid().safeParse(searchParams.get("officer"));
  const officerId = isSupervisor && officerParam.success && officerParam.data !== session?.user.id ? officerParam.data : undefined;
  const range = rangeOf(view, date);
  const calendar = useCalendar({ from: range.start.toISOString(), to: range.end.toISOString(), officerId });

  const hrefFor = (change: { view?: CalendarView; date?: Date }) => {
    const next = new URLSearchParams(searchParams);
    next.set("view", change.view ?? view);
    next.set("date", toDateKey(change.date ?? date));
    return `?${next.toString()}`;
  };
  const officerName = officerId ? officers.data?.find((officer) => officer.id === officerId)?.displayName : undefined;
  const title = view === "week" ? formatWeek(range.start) : formatDay(date);
  const unit = viewLabels[view].toLowerCase();
  const onDone = (text: string) => setNotice(noticeOf(text));

  return (
    <>
      <h1>{officerId ? `Calendar of ${officerName ?? "an officer"}` : "Your calendar"}</h1>
      {isSupervisor ? (
        <div className="maxw-mobile-lg">
          <Select
            label="Officer"
            value={officerId ?? ""}
            onChange={(event) => {
              const next = new URLSearchParams(searchParams);
              if (event.target.value) next.set("officer", event.target.value);
              else next.delete("officer");
              setSearchParams(next);
            }}
            options={[
              { value: "", label: "You" },
              ...(officers.data ?? [])
                .filter((officer) => officer.id !== session?.user.id)
                .map((officer) => ({ value: officer.id, label: officer.displayName })),
            ]}
          />
        </div>
      ) : null}
      {/* Each button's text is one span: USWDS buttons space their children apart. */}
      <nav aria-label="Calendar dates and view" className="waypoint-calendar-toolbar margin-y-2">
        <ul className="usa-button-group">
          <li className="usa-button-group__item">
            <Link className="usa-button usa-button--outline" to={hrefFor({ date: shift(view, date, -1) })}>
              <span>
                Previous
                <span className="waypoint-calendar-unit"> {unit}</span>
              </span>
            </Link>
          </li>
          <li className="usa-button-group__item">
            <Link className="usa-button usa-button--outline" to={hrefFor({ date: today })}>
              Today
            </Link>
          </li>
          <li className="usa-button-group__item">
            <Link className="usa-button usa-button--outline" to={hrefFor({ date: shift(view, date, 1) })}>
              <span>
                Next
                <span className="waypoint-calendar-unit"> {unit}</span>
              </span>
            </Link>
          </li>
        </ul>
        <ul className="usa-button-group usa-button-group--segmented">
          {(["day", "week"] as const).map((option) => (
            <li className="usa-button-group__item" key={option}>
              <Link
                className={`usa-button${option === view ? "" : " usa-button--outline"}`}
                to={hrefFor({ view: option })}
                aria-current={option === view ? "page" : undefined}
              >
                {viewLabels[option]}
                <span className="usa-sr-only"> view</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2 id="calendar-range-heading" data-testid="calendar-range">
        {title}
      </h2>
      <Notice message={notice} />
      <ErrorAlert error={calendar.error} />
      {calendar.isPending ? <Loading label="Loading appointments…" /> : null}
      {calendar.data ? (
        <>
          <p role="status" className="usa-sr-only">
            {title}: {countText(calendar.data.length)}.
          </p>
          {view === "day" ? (
            <DayList appointments={calendar.data} onDone={onDone} />
          ) : (
            <div className="waypoint-week">
              {range.days.map((day) => (
                <WeekDay
                  key={toDateKey(day)}
                  day={day}
                  isToday={sameDay(day, today)}
                  dayHref={hrefFor({ view: "day", date: day })}
                  // One that began before the week (overnight) shows on its first day.
                  appointments={calendar.data.filter((item) =>
                    sameDay(new Date(Math.max(Date.parse(item.startsAt), range.start.getTime())), day),
                  )}
                  onDone={onDone}
                />
              ))}
            </div>
          )}
        </>
      ) : null}
      <section aria-labelledby="calendar-feed-heading" className="margin-top-5">
        <h2 id="calendar-feed-heading">Subscribe in your calendar app</h2>
        <CalendarFeed />
      </section>
    </>
  );
}

const countText = (count: number) => (count === 0 ? "no appointments" : count === 1 ? "1 appointment" : `${count} appointments`);

function DayList({ appointments, onDone }: { appointments: Appointment[]; onDone: (message: string) => void }) {
  if (appointments.length === 0) return <p>No appointments on this day.</p>;
  return (
    <ol className="usa-list usa-list--unstyled waypoint-appointments" aria-labelledby="calendar-range-heading">
      {appointments.map((appointment) => (
        <AppointmentItem key={appointment.id} appointment={appointment} headingLevel="h3" onDone={onDone} />
      ))}
    </ol>
  );
}

/** One day of the week: a column on wide screens, a list under its heading on phones. */
function WeekDay(props: { day: Date; isToday: boolean; dayHref: string; appointments: Appointment[]; onDone: (message: string) => void }) {
  const { day, isToday, dayHref, appointments, onDone } = props;
  const headingId = `day-${toDateKey(day)}`;
  return (
    <section
      aria-labelledby={headingId}
      className={`waypoint-week__day${isToday ? " waypoint-week__day--today" : ""}`}
      data-day={toDateKey(day)}
    >
      <h3 id={headingId} className="waypoint-week__heading">
        <Link className="usa-link" to={dayHref}>
          <span className="display-block">
            {formatWeekday(day)}
            <span className="usa-sr-only">,</span>
          </span>{" "}
          {formatMonthDay(day)}
        </Link>
        {isToday ? <span className="usa-tag bg-primary-dark margin-left-05">Today</span> : null}
      </h3>
      {appointments.length === 0 ? (
        <p className="font-sans-3xs text-base-dark margin-top-05">No appointments</p>
      ) : (
        <ol className="usa-list usa-list--unstyled waypoint-appointments" aria-labelledby={headingId}>
          {appointments.map((appointment) => (
            <AppointmentItem key={appointment.id} appointment={appointment} headingLevel="h4" compact onDone={onDone} />
          ))}
        </ol>
      )}
    </section>
  );
}
