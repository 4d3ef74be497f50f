import { Link, useSearchParams } from "react-router";
import { ErrorAlert, Loading, Table } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDateTime, roleLabels } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useUnits } from "../api/units";
import { useUsers } from "../api/users";
import { StatusTag } from "../components/status-tag";

export function UsersPage() {
  usePageTitle("Users");
  const [searchParams, setSearchParams] = useSearchParams();
  const unitId = searchParams.get("unitId");
  const users = useUsers(unitId);
  const units = useUnits();

  return (
    <>
      <div className="display-flex flex-wrap flex-justify flex-align-center">
        <h1>Users</h1>
        <Link className="usa-button" to={paths.admin.newUser.getHref()}>
          Create user
        </Link>
      </div>
      <div className="grid-row">
        <div className="grid-col-12 tablet:grid-col-6">
          {/* A filter that applies as it changes, not a form to submit. */}
          <div className="usa-form-group">
            <label className="usa-label" htmlFor="users-unit-filter">
              Show users of
            </label>
            <select
              id="users-unit-filter"
              className="usa-select"
              value={unitId ?? ""}
              onChange={(event) => setSearchParams(event.target.value ? { unitId: event.target.value } : {})}
            >
              <option value="">All units</option>
              {(units.data ?? []).map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <div className="margin-top-3">
        {users.isPending ? <Loading /> : null}
        <ErrorAlert error={users.error} />
        {users.data ? (
          <Table caption="Staff accounts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Username</th>
                <th scope="col">Roles</th>
                <th scope="col">Unit</th>
                <th scope="col">Status</th>
                <th scope="col">Authenticator</th>
                <th scope="col">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    <Link className="usa-link" to={paths.admin.user.getHref(user.id)}>
                      {user.displayName}
                    </Link>
                  </th>
                  <td>{user.username}</td>
                  <td>{user.roles.map((role) => roleLabels[role]).join(", ")}</td>
                  <td>{user.unitName ?? "—"}</td>
                  <td>
                    <StatusTag status={user.status} />
                  </td>
                  <td>{user.mfaEnrolled ? "Enrolled" : "Not enrolled"}</td>
                  <td>{formatDateTime(user.lastSignInAt)}</td>
                </tr>
              ))}
              {users.data.length === 0 ? (
                <tr>
                  <td colSpan={7}>No users.</td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        ) : null}
      </div>
    </>
  );
}
