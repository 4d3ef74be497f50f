import { useState } from "react";
import { Link, useParams } from "react-router";
import { type User, type UserAction, updateUserBody } from "../../../../shared/contract/admin";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime, roleLabels } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useUpdateUser, useUser, useUserAction } from "../api/users";
import { accountMessages, RoleUnitFields, unitCheck } from "../components/role-unit-fields";
import { StatusTag } from "../components/status-tag";
import { TemporaryPassword } from "../components/temporary-password";

export function UserPage() {
  const { userId = "" } = useParams();
  const user = useUser(userId);
  usePageTitle(user.data ? user.data.displayName : "User");
  return (
    <>
      <nav aria-label="Breadcrumbs" className="usa-breadcrumb padding-top-0">
        <ol className="usa-breadcrumb__list">
          <li className="usa-breadcrumb__list-item">
            <Link className="usa-breadcrumb__link" to={paths.admin.users.getHref()}>
              <span>Users</span>
            </Link>
          </li>
          <li className="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>{user.data?.displayName ?? "User"}</span>
          </li>
        </ol>
      </nav>
      {user.isPending ? <Loading /> : null}
      {user.isError ? (
        <>
          <h1>User</h1>
          <ErrorAlert error={user.error} />
        </>
      ) : null}
      {user.data ? <UserDetails user={user.data} key={user.data.id} /> : null}
    </>
  );
}

const actionLabels: Record<UserAction, string> = {
  disable: "Disable account",
  enable: "Enable account",
  "release-lockout": "Release lockout",
  "reset-mfa": "Reset authenticator",
  "reset-password": "Reset password",
};

const actionResults: Record<UserAction, string> = {
  disable: "The account is disabled and its sessions have ended.",
  enable: "The account is enabled.",
  "release-lockout": "The lockout is released.",
  "reset-mfa": "The authenticator is reset; the user will set up a new one at their next sign-in.",
  "reset-password": "The password is reset.",
};

/** What the actions that take something away will do, asked before they run. */
const actionConsequences: Partial<Record<UserAction, (name: string) => string>> = {
  disable: (name) => `${name} will be signed out everywhere and cannot sign in until the account is enabled again.`,
  "reset-mfa": (name) => `${name}'s authenticator stops working; they set up a new one at their next sign-in.`,
  "reset-password": (name) =>
    `${name}'s password stops working. You get a temporary password to give them in person; they choose a new one when they sign in.`,
};

function UserDetails({ user }: { user: User }) {
  const action = useUserAction(user.id);
  const [confirming, setConfirming] = useState<UserAction | null>(null);
  const consequence = confirming ? actionConsequences[confirming] : undefined;
  const actions: UserAction[] = [
    user.status === "disabled" ? "enable" : "disable",
    ...(user.status === "locked" ? (["release-lockout"] as const) : []),
    "reset-mfa",
    "reset-password",
  ];

  return (
    <>
      <h1>{user.displayName}</h1>
      <dl className="waypoint-facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Status</dt>
        <dd>
          <StatusTag status={user.status} />
        </dd>
        <dt>Roles</dt>
        <dd>{user.roles.map((role) => roleLabels[role]).join(", ")}</dd>
        <dt>Unit</dt>
        <dd>{user.unitName ?? "—"}</dd>
        <dt>Work phone</dt>
        <dd>{user.phone ?? "None on record"}</dd>
        <dt>Authenticator</dt>
        <dd>{user.mfaEnrolled ? "Enrolled" : "Not enrolled"}</dd>
        <dt>Last sign-in</dt>
        <dd>{formatDateTime(user.lastSignInAt)}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
      </dl>

      <section aria-labelledby="actions-heading" className="margin-top-4">
        <h2 id="actions-heading">Account actions</h2>
        <ErrorAlert error={action.error} />
        {action.isSuccess && action.variables ? (
          action.data.temporaryPassword ? (
            <TemporaryPassword heading="Password reset" username={user.username} password={action.data.temporaryPassword} />
          ) : (
            <Alert type="success" slim>
              {actionResults[action.variables]}
            </Alert>
          )
        ) : null}
        <ul className="usa-button-group margin-top-2">
          {actions.map((name) => (
            <li className="usa-button-group__item" key={name}>
              <Button
                variant={name === "disable" ? "secondary" : "outline"}
                pending={action.isPending}
                onClick={() => (actionConsequences[name] ? setConfirming(name) : action.mutate(name))}
              >
                {actionLabels[name]}
              </Button>
            </li>
          ))}
        </ul>
        {confirming && consequence ? (
          <ConfirmDialog
            title={`${actionLabels[confirming]} for ${user.displayName}?`}
            confirmLabel={actionLabels[confirming]}
            destructive
            pending={action.isPending}
            onConfirm={() => action.mutateAsync(confirming)}
            onClose={() => setConfirming(null)}
          >
            <p className="margin-top-0">{consequence(user.displayName)}</p>
          </ConfirmDialog>
        ) : null}
      </section>

      <section aria-labelledby="edit-heading" className="margin-top-4">
        <h2 id="edit-heading">Edit name, roles, unit and phone</h2>
        <EditUserForm user={user} />
      </section>
    </>
  );
}

function EditUserForm({ user }: { user: User }) {
  const update = useUpdateUser(user.id);
  const form = useContractForm(updateUserBody, {
    defaultValues: { displayName: user.displayName, roles: user.roles, unitId: user.unitId ?? "", phone: user.phone ?? "" },
    messages: accountMessages,
    check: unitCheck,
  });

  return (
    <Form form={form} onSubmit={(request) => update.mutateAsync(request)} className="usa-form usa-form--large">
      {update.isSuccess ? (
        <Alert type="success" slim>
          Changes saved.
        </Alert>
      ) : null}
      <TextField label="Full name" name="displayName" />
      <RoleUnitFields />
      <SubmitButton>Save changes</SubmitButton>
    </Form>
  );
}
