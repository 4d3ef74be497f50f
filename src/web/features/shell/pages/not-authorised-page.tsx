import { Link } from "react-router";
import { Alert } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { usePageTitle } from "../../../lib/page-title";

export function NotAuthorisedPage() {
  usePageTitle("Not authorised");
  return (
    <>
      <h1>Not authorised</h1>
      <Alert type="warning" role="alert" slim>
        Your role does not allow you to open this page. If you need access, ask an administrator.
      </Alert>
      <p>
        <Link className="usa-link" to={paths.home.getHref()}>
          Go to your home page
        </Link>
      </p>
    </>
  );
}
