import { type FormEvent, useState } from "react";
import { Button, Select, TextInput } from "../../../components/ui";
import { type AuditFilters, emptyAuditFilters } from "../api/audit";

type Props = { initial: AuditFilters; onSearch: (filters: AuditFilters) => void };

export function AuditSearchForm({ initial, onSearch }: Props) {
  const [filters, setFilters] = useState<AuditFilters>(initial);
  const set = (field: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setFilters({ ...filters, [field]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(filters);
  };

  return (
    <form className="usa-form usa-form--large maxw-none" onSubmit={submit} noValidate aria-labelledby="audit-filters-heading">
      <h2 id="audit-filters-heading">Filters</h2>
      <div className="grid-row grid-gap">
        <div className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
          <TextInput label="From" type="datetime-local" value={filters.from} onChange={set("from")} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
          <TextInput label="To" type="datetime-local" value={filters.to} onChange={set("to")} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
          <TextInput label="Actor (username)" autoCapitalize="none" spellCheck={false} value={filters.actor} onChange={set("actor")} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
          <TextInput
            label="Action"
            hint="An action or its prefix, e.g. auth."
            spellCheck={false}
            value={filters.action}
            onChange={set("action")}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
          <Select
            label="Outcome"
            value={filters.outcome}
            onChange={set("outcome")}
            options={[
              { value: "", label: "Any outcome" },
              { value: "allowed", label: "Allowed" },
              { value: "denied", label: "Denied" },
              { value: "failed", label: "Failed" },
            ]}
          />
        </div>
        <div className="grid-col-12 tablet:grid-col-6 desktop:grid-col-4">
          <TextInput label="Record ID" spellCheck={false} value={filters.recordId} onChange={set("recordId")} />
        </div>
      </div>
      <div className="margin-top-2">
        <Button type="submit">Search</Button>
        <Button
          variant="unstyled"
          className="margin-left-2"
          onClick={() => {
            setFilters(emptyAuditFilters);
            onSearch(emptyAuditFilters);
          }}
        >
          Clear filters
        </Button>
      </div>
    </form>
  );
}
