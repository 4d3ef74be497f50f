import { type FormEvent, useEffect, useId, useState } from "react";
import { Button, Select, TextInput } from "../../../components/ui";
import { levelLabels, optionsFrom, riskLabels, statusLabels, tagLabels } from "../../../lib/supervision-labels";
import { tabletAndUp, useMediaQuery } from "../../../lib/use-media-query";

export type FilterValues = {
  officerId: string;
  level: string;
  tag: string;
  risk: string;
  reassessment: string;
  status: string;
  overdue: string;
  violation: string;
  crisis: string;
  levelReview: string;
  discharge: string;
  search: string;
  sort: string;
};

/** The filters that narrow the caseload (search and sort order are not counted: the search box stays in view). */
const narrowingFilters = [
  "officerId",
  "level",
  "tag",
  "risk",
  "reassessment",
  "status",
  "overdue",
  "violation",
  "crisis",
  "levelReview",
  "discharge",
] as const satisfies (keyof FilterValues)[];

export const filterNames = [...narrowingFilters, "search", "sort"] as const satisfies (keyof FilterValues)[];

/** The selects below the search box, in their order (the officer's, for a supervisor, comes first). */
const filterSelects: { name: keyof FilterValues; label: string; options: { value: string; label: string }[] }[] = [
  { name: "level", label: "Supervision level", options: optionsFrom(levelLabels, "Any level") },
  { name: "tag", label: "Tag", options: optionsFrom(tagLabels, "Any tag") },
  { name: "risk", label: "Risk", options: optionsFrom(riskLabels, "Any risk") },
  {
    name: "reassessment",
    label: "Assessment",
    options: [
      { value: "", label: "Due or not" },
      { value: "overdue", label: "Overdue only" },
    ],
  },
  { name: "status", label: "Status", options: optionsFrom(statusLabels, "Any status") },
  {
    name: "overdue",
    label: "Contact",
    options: [
      { value: "", label: "Overdue or not" },
      { value: "true", label: "Overdue only" },
      { value: "false", label: "Not overdue" },
    ],
  },
  {
    name: "violation",
    label: "Violations",
    options: [
      { value: "", label: "With or without" },
      { value: "open", label: "Open violation" },
      { value: "response_due", label: "Response to carry out" },
    ],
  },
  {
    name: "crisis",
    label: "Crisis",
    options: [
      { value: "", label: "With or without" },
      { value: "open", label: "Crisis open" },
    ],
  },
  {
    name: "levelReview",
    label: "Level review",
    options: [
      { value: "", label: "Any case" },
      { value: "true", label: "Level review opportunities" },
    ],
  },
  {
    name: "discharge",
    label: "Discharge",
    options: [
      { value: "", label: "Any case" },
      { value: "eligible", label: "Discharge eligible" },
      { value: "past_end", label: "Past the expected end date" },
    ],
  },
  {
    name: "sort",
    label: "Sort by",
    options: [
      { value: "priority", label: "Priority" },
      { value: "name", label: "Name" },
      { value: "level", label: "Supervision level" },
      { value: "last_contact", label: "Last contact" },
    ],
  },
];

type Props = {
  values: FilterValues;
  onChange: (name: keyof FilterValues, value: string) => void;
  onClear: () => void;
  officers: { id: string; displayName: string }[] | null;
};

/**
 * Search, filters and sort order of the caseload; every change updates the table below. On a phone the filters fold
 * behind one button that says how many are in use.
 */
export function CaseloadFilters({ values, onChange, onClear, officers }: Props) {
  const wide = useMediaQuery(tabletAndUp);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersId = useId();
  const active = narrowingFilters.filter((name) => values[name] !== "").length;
  const [search, setSearch] = useState(values.search);
  useEffect(() => setSearch(values.search), [values.search]);

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    onChange("search", search.trim());
  };

  return (
    <section aria-labelledby="caseload-filters-heading" className="margin-bottom-2">
      <h2 id="caseload-filters-heading" className="usa-sr-only">
        Search and filters
      </h2>
      <search aria-label="Caseload">
        <label className="usa-label margin-top-0" htmlFor="caseload-search">
          Search by name or ID
        </label>
        <form className="display-flex flex-align-start maxw-tablet margin-top-1 margin-bottom-1" onSubmit={submitSearch}>
          <input
            className="usa-input margin-top-0 flex-fill maxw-none"
            id="caseload-search"
            type="search"
            name="search"
            placeholder="Name or ID number"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <button className="usa-button width-auto margin-left-1 margin-right-0 margin-top-0" type="submit">
            Search
          </button>
        </form>
      </search>
      {wide ? null : (
        <button
          type="button"
          className="usa-button usa-button--outline width-full margin-y-1"
          aria-expanded={filtersOpen}
          aria-controls={filtersId}
          onClick={() => setFiltersOpen(!filtersOpen)}
        >
          Filters
          {active > 0 ? ` (${active} active)` : ""}
        </button>
      )}
      <div id={filtersId} hidden={!wide && !filtersOpen}>
        <div className="grid-row grid-gap-2">
          {officers ? (
            <div className="grid-col-12 tablet:grid-col-4 desktop:grid-col-2">
              <Select
                label="Officer"
                value={values.officerId}
                onChange={(event) => onChange("officerId", event.target.value)}
                options={[
                  { value: "", label: "Whole unit" },
                  ...officers.map((officer) => ({ value: officer.id, label: officer.displayName })),
                ]}
              />
            </div>
          ) : null}
          {filterSelects.map(({ name, label, options }) => (
            <div key={name} className="grid-col-12 tablet:grid-col-4 desktop:grid-col-2">
              <Select label={label} value={values[name]} onChange={(event) => onChange(name, event.target.value)} options={options} />
            </div>
          ))}
        </div>
        <Button variant="unstyled" className="margin-top-2" onClick={onClear}>
          Clear search and filters
        </Button>
      </div>
    </section>
  );
}

export function NoteSearchForm({ onSearch }: { onSearch: (q: string) => void }) {
  const [q, setQ] = useState("");
  return (
    <form
      className="usa-form maxw-full"
      onSubmit={(event) => {
        event.preventDefault();
        if (q.trim().length >= 2) onSearch(q.trim());
      }}
    >
      <div className="display-flex flex-align-end flex-wrap">
        <div className="margin-right-1">
          <TextInput
            label="Search case notes"
            hint="At least 2 characters"
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </div>
        <Button type="submit" variant="outline">
          Search notes
        </Button>
      </div>
    </form>
  );
}
