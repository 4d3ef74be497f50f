import { addDays } from "../../../../shared/time/calendar-date";
import { Button } from "../../../components/ui";
import { formatShortDate } from "./today-text";

type DayPickerProps = { date: string; today: string; lastDay: number; onChange: (date: string) => void };

/** Today or one of the next `lastDay` days: a date field for jumping, and previous and next buttons. */
export function DayPicker({ date, today, lastDay, onChange }: DayPickerProps) {
  const last = addDays(today, lastDay);
  const previous = addDays(date, -1);
  const next = addDays(date, 1);
  return (
    <nav aria-label="Day to plan" className="display-flex flex-wrap flex-align-end waypoint-day-picker waypoint-screen-only">
      <div className="usa-form-group margin-y-0">
        <label className="usa-label margin-top-0" htmlFor="today-date-input">
          Day
        </label>
        <span className="usa-hint display-block" id="today-date-hint">
          Today up to {formatShortDate(last)}
        </span>
        <input
          className="usa-input waypoint-date-input"
          id="today-date-input"
          type="date"
          min={today}
          max={last}
          // Uncontrolled: a half-typed date must not be reset while the officer types it.
          key={date}
          defaultValue={date}
          aria-describedby="today-date-hint"
          onChange={(event) => {
            const value = event.target.value;
            if (value >= today && value <= last) onChange(value);
          }}
        />
      </div>
      <div className="display-flex flex-wrap flex-align-center waypoint-day-picker__buttons">
        <Button variant="outline" disabled={previous < today} onClick={() => onChange(previous)}>
          <span aria-hidden="true">← </span>Previous day<span className="usa-sr-only"> ({formatShortDate(previous)})</span>
        </Button>
        <Button variant="outline" disabled={next > last} onClick={() => onChange(next)}>
          Next day<span className="usa-sr-only"> ({formatShortDate(next)})</span>
          <span aria-hidden="true"> →</span>
        </Button>
        {date !== today ? (
          <Button variant="unstyled" className="padding-1" onClick={() => onChange(today)}>
            Back to today
          </Button>
        ) : null}
      </div>
    </nav>
  );
}
