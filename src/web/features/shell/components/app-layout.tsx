import { Navigate, Outlet } from "react-router";
import { Alert, ErrorAlert, Loading, SkipLink } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { useSession } from "../../../lib/session";
import { pathForNext } from "../../auth/next-step";
import { Footer } from "./footer";
import { Header } from "./header";

/** The signed-in frame: checks the session, then header, main region and footer around the page. */
export function AppLayout() {
  const session = useSession();

  if (session.isPending) {
    return (
      <main id="main-content" className="grid-container padding-y-4">
        <Loading />
      </main>
    );
  }
  if (session.isError) {
    if (isApiError(session.error) && session.error.status === 401) return null; // handled globally: back to sign-in
    return (
      <main id="main-content" className="grid-container padding-y-4">
        <h1>Waypoint is unavailable</h1>
        <ErrorAlert error={session.error} />
        <Alert type="info" slim>
          Reload the page to try again.
        </Alert>
      </main>
    );
  }
  if (session.data.next !== "done") return <Navigate to={pathForNext(session.data.next)} replace />;

  return (
    <>
      <SkipLink />
      <Header session={session.data} />
      <main id="main-content" tabIndex={-1} className="grid-container-widescreen padding-y-4 waypoint-main">
        <Outlet />
      </main>
      <Footer agencyName={session.data.user.agencyName} />
    </>
  );
}
