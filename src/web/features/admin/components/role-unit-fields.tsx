import type { Role } from "../../../../shared/contract/auth";
import { CheckboxGroup, Select } from "../../../components/ui";
import type { FieldErrors } from "../../../lib/form-errors";
import { roleLabels } from "../../../lib/format";
import { useUnits } from "../api/units";

const roleOptions = (Object.keys(roleLabels) as Role[]).map((role) => ({ value: role, label: roleLabels[role] }));

type Props = {
  roles: Role[];
  unitId: string;
  onRolesChange: (roles: Role[]) => void;
  onUnitChange: (unitId: string) => void;
  errors: FieldErrors;
};

export function RoleUnitFields({ roles, unitId, onRolesChange, onUnitChange, errors }: Props) {
  const units = useUnits();
  return (
    <>
      <CheckboxGroup
        legend="Roles"
        name="roles"
        options={roleOptions}
        value={roles}
        onChange={(value) => onRolesChange(value as Role[])}
        error={errors.roles}
      />
      <Select
        label="Unit"
        hint="Officers and supervisors must belong to a unit."
        value={unitId}
        onChange={(event) => onUnitChange(event.target.value)}
        error={errors.unitId}
        options={[
          { value: "", label: units.isPending ? "Loading units…" : "No unit" },
          ...(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })),
        ]}
      />
    </>
  );
}

export const needsUnit = (roles: Role[]) => roles.includes("officer") || roles.includes("supervisor");
