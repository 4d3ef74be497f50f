import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import type { Role } from "../../../../shared/contract/auth";
import { Button, ErrorAlert, TextInput } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { useCreateUser } from "../api/users";
import { needsUnit, RoleUnitFields } from "../components/role-unit-fields";
import { TemporaryPassword } from "../components/temporary-password";

export function NewUserPage() {
  usePageTitle("Create user");
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [roles, setRoles] = useState<Role[]>(["officer"]);
  const [unitId, setUnitId] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  const reset = () => {
    setUsername("");
    setDisplayName("");
    setRoles(["officer"]);
    setUnitId("");
    create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      username: username.trim() ? undefined : "Enter a username",
      displayName: displayName.trim() ? undefined : "Enter the person's name",
      roles: roles.length > 0 ? undefined : "Choose at least one role",
      unitId: needsUnit(roles) && !unitId ? "Choose the unit of an officer or supervisor" : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    create.mutate({ username, displayName, roles, unitId: unitId || null }, { onError: (error) => setErrors(fieldErrorsFrom(error)) });
  };

  if (create.data) {
    return (
      <>
        <h1>User created</h1>
        <TemporaryPassword
          heading={`${create.data.user.displayName} can now sign in`}
          username={create.data.user.username}
          password={create.data.temporaryPassword}
        />
        <ul className="usa-button-group margin-top-3">
          <li className="usa-button-group__item">
            <Link className="usa-button" to={paths.admin.users.getHref()}>
              Back to users
            </Link>
          </li>
          <li className="usa-button-group__item">
            <Button variant="outline" onClick={reset}>
              Create another user
            </Button>
          </li>
        </ul>
      </>
    );
  }

  return (
    <>
      <h1>Create user</h1>
      <ErrorAlert error={create.error} />
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <TextInput
          label="Username"
          hint="2 to 64 lower-case letters, digits, dots, dashes or underscores"
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="off"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={errors.username}
        />
        <TextInput
          label="Full name"
          autoComplete="off"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={errors.displayName}
        />
        <RoleUnitFields roles={roles} unitId={unitId} onRolesChange={setRoles} onUnitChange={setUnitId} errors={errors} />
        <Button type="submit" pending={create.isPending}>
          Create user
        </Button>
        <Link className="usa-button usa-button--unstyled margin-left-2" to={paths.admin.users.getHref()}>
          Cancel
        </Link>
      </form>
    </>
  );
}
