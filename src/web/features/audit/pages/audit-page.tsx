import { useSearchParams } from "react-router";
import type { AuditEntry } from "../../../../shared/contract/audit";
import { Button, ErrorAlert, Loading, Table } from "../../../components/ui";
import { formatDate, formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { type AuditFilters, auditExportHref, emptyAuditFilters, useAuditSearch } from "../api/audit";
import { AuditSearchForm } from "../components/audit-search-form";

const outcomeLabels = { allowed: "Allowed", denied: "Denied", failed: "Failed" } as const;
const outcomeClasses = { allowed: "bg-base-dark", denied: "bg-secondary-dark", failed: "bg-accent-warm-darker" } as const;

const recordTypeLabels: Record<string, string> = {
  person: "Person",
  case: "Case",
  note: "Note",
  drug_test: "Drug test",
  condition: "Condition",
  condition_modification_request: "Condition change request",
  appointment: "Appointment",
  field_visit: "Field visit",
  user: "User",
  unit: "Unit",
  agency: "Agency",
  condition_type: "Condition type",
  random_draw: "Testing draw",
  notification: "Notification",
  audit_log: "Audit log",
};

/** "caseNumber: C-1, automatic: yes": the details' names in words, values as text. */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => {
      const name = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
      const shown =
        value === null
          ? "none"
          : value === true
            ? "yes"
            : value === false
              ? "no"
              : typeof value === "object"
                ? JSON.stringify(value)
                : String(value);
      return `${name}: ${shown}`;
    })
    .join(", ");
}

/** The record by its kind and name (a person's, user's, unit's…); its id below, for searching by it. */
function RecordCell({ entry }: { entry: AuditEntry }) {
  if (!entry.recordType) return <>—</>;
  const kind = recordTypeLabels[entry.recordType] ?? entry.recordType.replace(/_/g, " ");
  const name = entry.recordName ?? (entry.recordDate ? formatDate(entry.recordDate) : null);
  return (
    <>
      <span className={name ? "text-bold" : undefined}>{name ? `${kind}: ${name}` : kind}</span>
      {entry.recordId ? <div className="font-sans-3xs text-base-dark">ID {entry.recordId}</div> : null}
    </>
  );
}

const filterFields = Object.keys(emptyAuditFilters) as (keyof AuditFilters)[];

function filtersFrom(params: URLSearchParams): AuditFilters {
  const outcome = params.get("outcome");
  return {
    ...emptyAuditFilters,
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    actor: params.get("actor") ?? "",
    action: params.get("action") ?? "",
    outcome: outcome === "allowed" || outcome === "denied" || outcome === "failed" ? outcome : "",
    recordId: params.get("recordId") ?? "",
  };
}

export function AuditPage() {
  usePageTitle("Audit log");
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFrom(searchParams);
  const search = useAuditSearch(filters);
  const entries = search.data?.pages.flatMap((page) => page.entries) ?? [];

  const onSearch = (next: AuditFilters) => {
    const params: Record<string, string> = {};
    for (const field of filterFields) if (next[field]) params[field] = next[field];
    setSearchParams(params);
  };

  return (
    <>
      <h1>Audit log</h1>
      <p>Every sign-in, administrative change and record access, newest first.</p>
      <AuditSearchForm initial={filters} onSearch={onSearch} key={searchParams.toString()} />
      <section aria-labelledby="audit-results-heading" className="margin-top-4">
        <div className="display-flex flex-wrap flex-justify flex-align-center">
          <h2 id="audit-results-heading">Results</h2>
          <a className="usa-button usa-button--outline" href={auditExportHref(filters)} download>
            Export CSV
          </a>
        </div>
        {search.isPending ? <Loading /> : null}
        <ErrorAlert error={search.error} />
        {search.data ? (
          <>
            <p role="status">
              {entries.length === 0
                ? "No entries match these filters."
                : `Showing ${entries.length} entries${search.hasNextPage ? "; more are available" : ""}.`}
            </p>
            {entries.length > 0 ? (
              <div className="waypoint-audit-table">
                <Table caption="Audit entries">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Who</th>
                      <th scope="col">Action</th>
                      <th scope="col">Record</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id}>
                        <td data-label="Time">{formatDateTime(entry.occurredAt)}</td>
                        <td data-label="Who">
                          {entry.actorUsername ?? "—"}
                          {entry.ip ? <div className="font-sans-3xs text-base-dark">from {entry.ip}</div> : null}
                        </td>
                        <td data-label="Action">
                          <code>{entry.action}</code>
                          <div>
                            <span className={`usa-tag ${outcomeClasses[entry.outcome]}`}>{outcomeLabels[entry.outcome]}</span>
                          </div>
                        </td>
                        <td data-label="Record" data-column="record">
                          <RecordCell entry={entry} />
                        </td>
                        <td data-label="Details" className="waypoint-audit-details font-sans-3xs">
                          {entry.justification ? <div>{entry.justification}</div> : null}
                          {entry.details ? <div>{detailsText(entry.details)}</div> : null}
                          {entry.userAgent ? <div className="text-base-dark">{entry.userAgent}</div> : null}
                          {!entry.justification && !entry.details && !entry.userAgent ? "—" : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            ) : null}
            {search.hasNextPage ? (
              <Button
                variant="outline"
                className="margin-top-2"
                pending={search.isFetchingNextPage}
                onClick={() => void search.fetchNextPage()}
              >
                {search.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            ) : null}
          </>
        ) : null}
      </section>
    </>
  );
}
