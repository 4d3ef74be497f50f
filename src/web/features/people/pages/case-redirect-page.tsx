import { Link, Navigate, useLocation, useParams } from "react-router";
import { ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { usePageTitle } from "../../../lib/page-title";
import { useCaseSummary } from "../api/cases";

/** A link to a case (e.g. from a notification) opens its person's page, at the section named in the hash. */
export function CaseRedirectPage() {
  usePageTitle("Opening the case");
  const { caseId = "" } = useParams();
  const { hash } = useLocation();
  const summary = useCaseSummary(caseId);
  if (summary.isPending) return <Loading label="Opening the case…" />;
  if (summary.isError) {
    return (
      <>
        <h1>The case could not be opened</h1>
        <ErrorAlert error={summary.error} />
        <p>
          <Link className="usa-link" to={paths.home.getHref()}>
            Go to your caseload
          </Link>
        </p>
      </>
    );
  }
  return <Navigate to={`${paths.people.person.getHref(summary.data.personId)}${hash}`} replace />;
}
