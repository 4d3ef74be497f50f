import { useSearchParams } from "react-router";
import { Button, ErrorAlert, Loading, Table } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { type AuditFilters, auditExportHref, emptyAuditFilters, useAuditSearch } from "../api/audit";
import { AuditSearchForm } from "../components/audit-search-form";

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
              <Table caption="Audit entries">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Record</th>
                    <th scope="col">IP address</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id}>
                      <td className="text-no-wrap">{formatDateTime(entry.occurredAt)}</td>
                      <td>{entry.actorUsername ?? "—"}</td>
                      <td>
                        <code>{entry.action}</code>
                      </td>
                      <td>{entry.outcome}</td>
                      <td>{entry.recordType ? `${entry.recordType} ${entry.recordId ?? ""}` : "—"}</td>
                      <td>{entry.ip ?? "—"}</td>
                      <td className="font-mono-3xs">
                        {[entry.justification, entry.details ? JSON.stringify(entry.details) : null].filter(Boolean).join(" ") || "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
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
