import { useFieldArray } from "react-hook-form";
import { casePlanBody } from "../../../../shared/contract/case-plans";
import { CheckboxGroupField, Form, FormButtons, SelectField, TextAreaField, TextField, useFormFields } from "../../../components/form";
import { Button } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { type CasePlan, type CasePlanOverview, useSavePlan } from "../api/case-plans";

type BuildFrom = CasePlanOverview["buildFrom"];

const ownerOptions = [
  { value: "supervisee", label: "Supervisee" },
  { value: "officer", label: "Officer" },
  { value: "provider", label: "A provider" },
];

const blankObjective = () => ({ description: "", measure: "", targetDate: "" });
const blankStep = () => ({ description: "", owner: "supervisee", providerName: "", dueOn: "", status: "open" });

/** A new plan starts with one goal per top need; a review starts from the plan as it stands (done steps stay done). */
function startingGoals(buildFrom: BuildFrom, reviewing: CasePlan | null) {
  if (reviewing) {
    return reviewing.goals.map((goal) => ({
      title: goal.title,
      needDomain: goal.need && buildFrom?.needs.some((need) => need.domain === goal.need?.domain) ? goal.need.domain : "",
      strengthDomains: goal.strengths
        .map((strength) => strength.domain)
        .filter((domain) => buildFrom?.strengths.some((s) => s.domain === domain)),
      objectives: goal.objectives.map(({ description, measure, targetDate }) => ({ description, measure, targetDate })),
      steps: goal.steps.map((step) => ({
        description: step.description,
        owner: step.owner,
        providerName: step.providerName ?? "",
        dueOn: step.dueOn ?? "",
        status: step.status,
      })),
    }));
  }
  const needs = buildFrom?.needs ?? [];
  if (needs.length === 0) return [{ title: "", needDomain: "", strengthDomains: [], objectives: [blankObjective()], steps: [blankStep()] }];
  return needs.map((need) => ({
    title: `Work on ${need.title.toLowerCase()}`,
    needDomain: need.domain,
    strengthDomains: [] as string[],
    objectives: [blankObjective()],
    steps: [blankStep()],
  }));
}

/** Builds the case's plan from the assessment's needs (or reviews it): goals with a SMART objective and action steps. */
export function PlanBuilder({
  caseId,
  buildFrom,
  reviewing,
  onSaved,
  onCancel,
}: {
  caseId: string;
  buildFrom: BuildFrom;
  reviewing: CasePlan | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const save = useSavePlan(caseId);
  const form = useContractForm(casePlanBody, {
    defaultValues: {
      goals: startingGoals(buildFrom, reviewing),
      ...(reviewing ? { reviewReason: "", expectedVersion: reviewing.version } : {}),
    } as never,
    messages: { reviewReason: "Give the reason for the review" },
  });
  const goals = useFieldArray({ control: form.control, name: "goals" as never });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await save.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label={reviewing ? "Review the case plan" : "Build the case plan"}
      summaryHeadingLevel="h3"
    >
      <h3 className="margin-bottom-0">{reviewing ? `Review of version ${reviewing.planNumber}` : "New case plan"}</h3>
      <p className="usa-hint margin-top-05">
        Each goal has a specific, measurable objective with a target date, and the steps to get there. Steps of the officer or the
        supervisee with a due date become tasks.
      </p>
      {goals.fields.map((goal, index) => (
        <GoalFields
          key={goal.id}
          index={index}
          buildFrom={buildFrom}
          onRemove={goals.fields.length > 1 ? () => goals.remove(index) : null}
        />
      ))}
      <Button
        variant="outline"
        className="margin-top-2"
        onClick={() =>
          goals.append({ title: "", needDomain: "", strengthDomains: [], objectives: [blankObjective()], steps: [blankStep()] } as never)
        }
      >
        Add a goal
      </Button>
      {reviewing ? (
        <TextAreaField
          name="reviewReason"
          label="Reason for the review"
          hint="For example: reassessed after a new job"
          rows={2}
          maxLength={500}
        />
      ) : null}
      <FormButtons submit={reviewing ? "Save the new version" : "Save the plan"} onCancel={onCancel} />
    </Form>
  );
}

function GoalFields({ index, buildFrom, onRemove }: { index: number; buildFrom: BuildFrom; onRemove: (() => void) | null }) {
  const form = useFormFields();
  const steps = useFieldArray({ control: form.control, name: `goals.${index}.steps` as never });
  const prefix = `goals.${index}`;
  const needOptions = [
    { value: "", label: "None: the person's own goal" },
    ...(buildFrom?.needs ?? []).map((need) => ({ value: need.domain, label: need.title })),
  ];
  const strengths = buildFrom?.strengths ?? [];
  return (
    <fieldset className="usa-fieldset border-1px border-base-lighter padding-2 margin-top-2" data-testid="goal-fields">
      <legend className="usa-legend usa-legend--large">Goal {index + 1}</legend>
      <TextField name={`${prefix}.title`} label="Goal" maxLength={300} />
      <SelectField name={`${prefix}.needDomain`} label="Need it targets" options={needOptions} />
      {strengths.length > 0 ? (
        <CheckboxGroupField
          name={`${prefix}.strengthDomains`}
          legend="Strengths it builds on"
          options={strengths.map((strength) => ({ value: strength.domain, label: strength.title }))}
        />
      ) : null}
      <fieldset className="usa-fieldset margin-top-2">
        <legend className="usa-legend text-bold">Objective</legend>
        <TextField name={`${prefix}.objectives.0.description`} label="What, specifically" maxLength={500} />
        <div className="grid-row grid-gap-2">
          <div className="grid-col-12 tablet:grid-col-8">
            <TextField name={`${prefix}.objectives.0.measure`} label="How it is measured" maxLength={300} />
          </div>
          <div className="grid-col-12 tablet:grid-col-4">
            <TextField name={`${prefix}.objectives.0.targetDate`} label="By when" type="date" />
          </div>
        </div>
      </fieldset>
      {steps.fields.map((step, stepIndex) => (
        <fieldset key={step.id} className="usa-fieldset margin-top-2" data-testid="step-fields">
          <legend className="usa-legend text-bold">Step {stepIndex + 1}</legend>
          <TextField name={`${prefix}.steps.${stepIndex}.description`} label="Action" maxLength={500} />
          <div className="grid-row grid-gap-2">
            <div className="grid-col-12 tablet:grid-col-4">
              <SelectField name={`${prefix}.steps.${stepIndex}.owner`} label="Who does it" options={ownerOptions} />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <TextField name={`${prefix}.steps.${stepIndex}.providerName`} label="Provider (if a provider)" maxLength={200} />
            </div>
            <div className="grid-col-12 tablet:grid-col-4">
              <TextField name={`${prefix}.steps.${stepIndex}.dueOn`} label="Due (optional)" type="date" />
            </div>
          </div>
          {steps.fields.length > 1 ? (
            <Button variant="unstyled" className="margin-top-1" onClick={() => steps.remove(stepIndex)}>
              Remove step {stepIndex + 1} of goal {index + 1}
            </Button>
          ) : null}
        </fieldset>
      ))}
      <Button variant="outline" className="margin-top-2" onClick={() => steps.append(blankStep() as never)}>
        Add a step to goal {index + 1}
      </Button>
      {onRemove ? (
        <Button variant="unstyled" className="margin-top-2 margin-left-2" onClick={onRemove}>
          Remove goal {index + 1}
        </Button>
      ) : null}
    </fieldset>
  );
}
