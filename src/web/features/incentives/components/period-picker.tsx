import { type FormEvent, useState } from "react";
import { Button, TextInput } from "../../../components/ui";
import type { Period } from "../api/incentives";

/**
 * The period a ratio counts: two days and a button, applied together (a half-typed date asks nothing). Left empty,
 * the server's default: the six months up to today.
 */
export function PeriodPicker({ period, today, onChange }: { period: Period; today: string; onChange: (period: Period) => void }) {
  const [from, setFrom] = useState(period.from ?? "");
  const [to, setTo] = useState(period.to ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  return (
    <form className="usa-form maxw-full display-flex flex-wrap flex-align-end" onSubmit={submit} aria-label="Period counted">
      <div className="margin-right-2">
        <TextInput label="From" type="date" value={from} max={to || today} onChange={(event) => setFrom(event.target.value)} />
      </div>
      <div className="margin-right-2">
        <TextInput label="To" type="date" value={to} max={today} onChange={(event) => setTo(event.target.value)} />
      </div>
      <Button type="submit" variant="outline">
        Show this period
      </Button>
    </form>
  );
}
