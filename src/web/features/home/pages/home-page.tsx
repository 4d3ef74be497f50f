import { Link } from "react-router";
import { paths } from "../../../config/paths";
import { roleLabels } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { CaseloadPage } from "../../caseload/pages/caseload-page";

/** Officers and supervisors start on their caseload; administrators and auditors on the welcome page. */
export function HomePage() {
  const { data: session } = useSession();
  if (!session) return null;
  if (hasRole(session, ["officer", "supervisor"])) return <CaseloadPage />;
  return <WelcomePage />;
}

function WelcomePage() {
  usePageTitle("Home");
  const { data: session } = useSession();
  if (!session) return null;
  const { user } = session;
  return (
    <>
      <h1>Welcome, {user.displayName}</h1>
      <p className="usa-intro">
        {user.roles.map((role) => roleLabels[role]).join(", ")}
        {user.unitName ? `, ${user.unitName}` : ""} · {user.agencyName}
      </p>
      <div className="grid-row grid-gap">
        <section className="tablet:grid-col-6 margin-bottom-3" aria-labelledby="role-heading">
          <div className="usa-card__container margin-0 padding-2 border-1px border-base-lighter radius-md">
            <h2 id="role-heading" className="margin-top-0">
              Your work here
            </h2>
            {hasRole(session, ["admin"]) ? (
              <p>
                As an administrator you manage staff accounts, units, the agency's security settings and its contact standards. You do not
                open supervision records.
              </p>
            ) : null}
            {hasRole(session, ["auditor"]) ? (
              <p>
                As an auditor you review the audit log: who read or changed which record, when, and whether it was allowed. You do not open
                supervision records.
              </p>
            ) : null}
          </div>
        </section>
        <section className="tablet:grid-col-6 margin-bottom-3" aria-labelledby="shortcuts-heading">
          <div className="usa-card__container margin-0 padding-2 border-1px border-base-lighter radius-md">
            <h2 id="shortcuts-heading" className="margin-top-0">
              Shortcuts
            </h2>
            <ul className="usa-list">
              {hasRole(session, ["admin"]) ? (
                <>
                  <li>
                    <Link className="usa-link" to={paths.admin.users.getHref()}>
                      Manage staff accounts
                    </Link>
                  </li>
                  <li>
                    <Link className="usa-link" to={paths.admin.units.getHref()}>
                      Manage units
                    </Link>
                  </li>
                  <li>
                    <Link className="usa-link" to={paths.admin.settings.getHref()}>
                      Agency security settings
                    </Link>
                  </li>
                  <li>
                    <Link className="usa-link" to={paths.admin.contactStandards.getHref()}>
                      Contact standards
                    </Link>
                  </li>
                </>
              ) : null}
              {hasRole(session, ["auditor"]) ? (
                <li>
                  <Link className="usa-link" to={paths.audit.search.getHref()}>
                    Search the audit log
                  </Link>
                </li>
              ) : null}
            </ul>
          </div>
        </section>
      </div>
    </>
  );
}
