import type { Role } from "../../../../shared/contract/auth";
import { CheckboxGroupField, SelectField, TextField } from "../../../components/form";
import type { FormIssue } from "../../../lib/contract-form";
import { roleLabels } from "../../../lib/format";
import { useUnits } from "../api/units";

const roleOptions = (Object.keys(roleLabels) as Role[]).map((role) => ({ value: role, label: roleLabels[role] }));

/** The roles, unit and work phone of a staff account: fields of a <Form> on the create or update schema. */
export function RoleUnitFields() {
  const units = useUnits();
  return (
    <>
      <CheckboxGroupField legend="Roles" name="roles" options={roleOptions} />
      <SelectField
        // Remounted when the units arrive, so the stored unit shows as chosen (an uncontrolled select keeps its first option).
        key={units.data ? "units" : "loading"}
        label="Unit"
        name="unitId"
        hint="Officers and supervisors must belong to a unit."
        options={[
          { value: "", label: units.isPending ? "Loading units…" : "No unit" },
          ...(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })),
        ]}
      />
      <TextField
        label="Work phone (optional)"
        name="phone"
        type="tel"
        autoComplete="off"
        hint="A supervisor calls this number when the user's field visit is overdue. Leave empty if they have none."
      />
    </>
  );
}

export const needsUnit = (roles: readonly Role[]) => roles.includes("officer") || roles.includes("supervisor");

/** The unit rule the form can tell before sending (the server refuses it as well). */
export const unitCheck = (request: { roles?: Role[] | undefined; unitId?: string | null | undefined }): FormIssue[] =>
  needsUnit(request.roles ?? []) && !request.unitId ? [{ field: "unitId", message: "Choose the unit of an officer or supervisor" }] : [];

/** The form's wording of the account fields. */
export const accountMessages = {
  displayName: "Enter the person's name",
  roles: "Choose at least one role",
};
