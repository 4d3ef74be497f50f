import { Link, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { caseloadQuery } from "../../../../shared/contract/caseload";
import { caseloadTag, caseStatus, riskLevel, supervisionLevel } from "../../../../shared/contract/cases";
import { Button, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useUnitOfficers } from "../../../lib/officers";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { type CaseloadFilters as Filters, useCaseload } from "../api/caseload";
import { CaseloadFilters, type FilterValues, filterNames, NoteSearchForm } from "../components/caseload-filters";
import { CaseloadTable } from "../components/caseload-table";

function valid<T>(schema: z.ZodType<T>, value: string): Exclude<T, undefined> | undefined {
  if (!value) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? (parsed.data as Exclude<T, undefined>) : undefined;
}

/** The home page of officers and supervisors: open cases by priority, with the reason for each. */
export function CaseloadPage() {
  usePageTitle("Caseload");
  const { data: session } = useSession();
  const navigate = useNavigate();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const [searchParams, setSearchParams] = useSearchParams();
  const values = Object.fromEntries(filterNames.map((name) => [name, searchParams.get(name) ?? ""])) as FilterValues;
  const officers = useUnitOfficers(isSupervisor);

  // Values from the address bar are checked against the contract; an unknown value is ignored.
  const filters: Filters = {
    officerId: isSupervisor ? valid(z.uuid(), values.officerId) : undefined,
    level: valid(supervisionLevel, values.level),
    tag: valid(caseloadTag, values.tag),
    risk: valid(riskLevel, values.risk),
    reassessment: valid(caseloadQuery.shape.reassessment, values.reassessment),
    status: valid(caseStatus, values.status),
    overdue: valid(caseloadQuery.shape.overdue, values.overdue),
    violation: valid(caseloadQuery.shape.violation, values.violation),
    crisis: valid(caseloadQuery.shape.crisis, values.crisis),
    levelReview: valid(caseloadQuery.shape.levelReview, values.levelReview),
    discharge: valid(caseloadQuery.shape.discharge, values.discharge),
    search: values.search.trim() || undefined,
    sort: valid(caseloadQuery.shape.sort, values.sort) ?? "priority",
  };
  const caseload = useCaseload(filters);

  const setFilter = (name: keyof FilterValues, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearchParams(next, { replace: true });
  };

  const entries = caseload.data?.pages.flatMap((page) => page.entries) ?? [];
  const total = caseload.data?.pages.at(-1)?.total ?? 0;
  const heading = isSupervisor ? `${session?.user.unitName ?? "Unit"} caseload` : "Your caseload";

  return (
    <>
      <div className="display-flex flex-wrap flex-justify flex-align-center">
        <h1>{heading}</h1>
        <Link className="usa-button" to={paths.people.new.getHref()}>
          New person
        </Link>
      </div>
      <p className="margin-top-0">
        <Link className="usa-link text-bold" to={paths.today.getHref()}>
          Plan today: worklist, route and field sheet
        </Link>
        <span className="margin-x-1" aria-hidden="true">
          ·
        </span>
        <Link className="usa-link" to={paths.levelReviews.getHref()}>
          Level review opportunities
        </Link>
      </p>
      <CaseloadFilters
        values={{ ...values, sort: values.sort || "priority" }}
        onChange={setFilter}
        onClear={() => setSearchParams({}, { replace: true })}
        officers={isSupervisor ? (officers.data ?? []) : null}
      />
      <ErrorAlert error={caseload.error} />
      {caseload.isPending ? <Loading label="Loading the caseload…" /> : null}
      {caseload.data ? (
        <>
          <p role="status" className="text-bold" data-testid="caseload-count">
            Showing {entries.length} of {total} {total === 1 ? "case" : "cases"}
          </p>
          <CaseloadTable
            entries={entries}
            showOfficer={isSupervisor}
            caption={values.sort && values.sort !== "priority" ? "Open cases" : "Open cases, highest priority first"}
          />
          {caseload.hasNextPage ? (
            <Button
              variant="outline"
              className="margin-top-2"
              pending={caseload.isFetchingNextPage}
              onClick={() => void caseload.fetchNextPage()}
            >
              {caseload.isFetchingNextPage ? "Loading more…" : "Load more"}
            </Button>
          ) : null}
        </>
      ) : null}
      <section aria-labelledby="note-search-heading" className="margin-top-5">
        <h2 id="note-search-heading">Case notes</h2>
        <NoteSearchForm onSearch={(q) => navigate(paths.notes.search.getHref(q))} />
      </section>
    </>
  );
}
