import type { ReactNode } from "react";
import { Link } from "react-router";
import { SkipLink } from "../../../components/ui";
import { paths } from "../../../config/paths";

/** The frame of the sign-in pages: a plain header, one main column. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="usa-header usa-header--basic">
        <div className="usa-nav-container">
          <div className="usa-navbar">
            <div className="usa-logo">
              <em className="usa-logo__text">
                <Link to={paths.auth.signIn.getHref()} title="Waypoint sign-in">
                  Waypoint
                </Link>
              </em>
            </div>
          </div>
        </div>
      </header>
      <main id="main-content" tabIndex={-1} className="grid-container padding-y-4">
        <div className="grid-row">
          <div className="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">{children}</div>
        </div>
      </main>
    </>
  );
}
