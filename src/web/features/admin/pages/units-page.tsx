import { useState } from "react";
import { type Unit, unitBody } from "../../../../shared/contract/admin";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ErrorAlert, Loading, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
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
  const form = useContractForm(unitBody, { defaultValues: { name: "" }, messages: { name: "Enter a name for the unit" } });

  const send = async ({ name }: { name: string }) => {
    await create.mutateAsync(name);
    form.reset();
  };

  return (
    <section aria-labelledby="new-unit-heading">
      <h2 id="new-unit-heading">Add a unit</h2>
      {create.isSuccess ? (
        <Alert type="success" slim>
          Unit {create.data.name} added.
        </Alert>
      ) : null}
      <Form form={form} onSubmit={send} summaryHeadingLevel="h3">
        <TextField label="Unit name" name="name" autoComplete="off" />
        <SubmitButton>Add unit</SubmitButton>
      </Form>
    </section>
  );
}

function UnitRow({ unit }: { unit: Unit }) {
  const [editing, setEditing] = useState(false);
  return (
    <tr>
      <th scope="row">{editing ? <RenameUnitForm unit={unit} onDone={() => setEditing(false)} /> : unit.name}</th>
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

function RenameUnitForm({ unit, onDone }: { unit: Unit; onDone: () => void }) {
  const rename = useRenameUnit();
  const form = useContractForm(unitBody, { defaultValues: { name: unit.name }, messages: { name: "Enter the unit's new name" } });

  const send = async ({ name }: { name: string }) => {
    await rename.mutateAsync({ id: unit.id, name });
    onDone();
  };

  return (
    <Form form={form} onSubmit={send} className="maxw-full" summaryHeadingLevel="h3">
      <div className="display-flex flex-align-end flex-wrap">
        <div className="margin-right-1">
          <TextField label={`New name for ${unit.name}`} name="name" autoComplete="off" />
        </div>
        <SubmitButton>Save</SubmitButton>
        <Button variant="unstyled" className="margin-left-1" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
