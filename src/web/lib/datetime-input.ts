/** `YYYY-MM-DDTHH:mm` in local time, for a datetime-local input. */
export function toLocalInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local input's value as the instant the API takes, or blank (so the schema asks for it) when not a time. */
export function fromLocalInput(value: string): string {
  const when = new Date(value);
  return value && !Number.isNaN(when.getTime()) ? when.toISOString() : "";
}

/** Records of what happened: a minute of clock difference is tolerated, the future is not (as on the server). */
export const isInTheFuture = (instant: string) => Date.parse(instant) > Date.now() + 60_000;
