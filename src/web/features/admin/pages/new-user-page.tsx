import { Link } from "react-router";
import { createUserBody } from "../../../../shared/contract/admin";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { Button } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { useCreateUser } from "../api/users";
import { accountMessages, RoleUnitFields, unitCheck } from "../components/role-unit-fields";
import { TemporaryPassword } from "../components/temporary-password";

const initial = { username: "", displayName: "", roles: ["officer"], unitId: "", phone: "" } as const;

export function NewUserPage() {
  usePageTitle("Create user");
  const create = useCreateUser();
  const form = useContractForm(createUserBody, {
    defaultValues: initial as never,
    messages: accountMessages,
    check: unitCheck,
  });

  const reset = () => {
    form.reset();
    create.reset();
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
      <Form form={form} onSubmit={(request) => create.mutateAsync(request)} className="usa-form usa-form--large">
        <TextField
          label="Username"
          name="username"
          hint="2 to 64 lower-case letters, digits, dots, dashes or underscores"
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="off"
        />
        <TextField label="Full name" name="displayName" autoComplete="off" />
        <RoleUnitFields />
        <SubmitButton>Create user</SubmitButton>
        <Link className="usa-button usa-button--unstyled margin-left-2" to={paths.admin.users.getHref()}>
          Cancel
        </Link>
      </Form>
    </>
  );
}
