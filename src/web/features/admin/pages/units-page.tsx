import { type FormEvent, useState } from "react";
import type { Unit } from "../../../../shared/contract/admin";
import { Alert, Button, ErrorAlert, Loading, Table, TextInput } from "../../../components/ui";
import { fieldErrorsFrom } from "../../../lib/form-errors";
import { usePageTitle } from "../../../lib/page-title";
import { useCreateUnit, useRenameUnit, useUnits } from "../api/units";

export function UnitsPage() {
  usePageTitle("Units");
  const units = useUnits();
  return (
    <>
      <h1>Units</h1>
      <p>Units are the field offices staff belong to. Supervisors see the users and caseloads of their own unit.</p>
      <CreateUnitForm />
      <div className="margin-top-4">
        {units.isPending ? <Loading /> : null}
        <ErrorAlert error={units.error} />
        {units.data ? (
          <Table caption="Units">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Users</th>
                <th scope="col">
                  <span className="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {units.data.map((unit) => (
                <UnitRow unit={unit} key={unit.id} />
              ))}
            </tbody>
          </Table>
        ) : null}
      </div>
    </>
  );
}

function CreateUnitForm() {
  const create = useCreateUnit();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError("Enter a name for the unit");
      return;
    }
    setError(undefined);
    create.mutate(name.trim(), {
      onSuccess: () => setName(""),
      onError: (failure) => setError(fieldErrorsFrom(failure).name),
    });
  };

  return (
    <section aria-labelledby="new-unit-heading">
      <h2 id="new-unit-heading">Add a unit</h2>
      <ErrorAlert error={create.error} />
      {create.isSuccess ? (
        <Alert type="success" slim>
          Unit {create.data.name} added.
        </Alert>
      ) : null}
      <form className="usa-form" onSubmit={submit} noValidate>
        <TextInput label="Unit name" value={name} onChange={(event) => setName(event.target.value)} error={error} />
        <Button type="submit" pending={create.isPending}>
          Add unit
        </Button>
      </form>
    </section>
  );
}

function UnitRow({ unit }: { unit: Unit }) {
  const rename = useRenameUnit();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(unit.name);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    rename.mutate({ id: unit.id, name: name.trim() }, { onSuccess: () => setEditing(false) });
  };

  return (
    <tr>
      <th scope="row">
        {editing ? (
          <form onSubmit={submit} noValidate className="display-flex flex-align-end flex-wrap">
            <div className="margin-right-1">
              <TextInput
                label={`New name for ${unit.name}`}
                value={name}
                onChange={(event) => setName(event.target.value)}
                error={fieldErrorsFrom(rename.error).name ?? rename.error?.message}
              />
            </div>
            <Button type="submit" pending={rename.isPending}>
              Save
            </Button>
            <Button variant="unstyled" className="margin-left-1" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </form>
        ) : (
          unit.name
        )}
      </th>
      <td>{unit.userCount}</td>
      <td>
        {editing ? null : (
          <Button variant="unstyled" onClick={() => setEditing(true)} aria-label={`Rename ${unit.name}`}>
            Rename
          </Button>
        )}
      </td>
    </tr>
  );
}
