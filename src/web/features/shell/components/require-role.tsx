import { Outlet } from "react-router";
import type { Role } from "../../../../shared/contract/auth";
import { hasRole, useSession } from "../../../lib/session";
import { NotAuthorisedPage } from "../pages/not-authorised-page";

/** Renders the nested routes only for the given roles; everyone else sees "not authorised". */
export function RequireRole({ roles }: { roles: Role[] }) {
  const session = useSession();
  if (!session.data) return null;
  return hasRole(session.data, roles) ? <Outlet /> : <NotAuthorisedPage />;
}
