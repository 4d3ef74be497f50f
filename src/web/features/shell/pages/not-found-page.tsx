import { Link } from "react-router";
import { paths } from "../../../config/paths";
import { usePageTitle } from "../../../lib/page-title";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <Link className="usa-link" to={paths.home.getHref()}>
          Go to your home page
        </Link>
      </p>
    </>
  );
}
