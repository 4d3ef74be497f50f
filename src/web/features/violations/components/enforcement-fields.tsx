import {
  type EnforcementBody,
  type EnforcementDecisionKind,
  enforcementDecisionLabels,
  responseKindInfo,
  responseKinds,
} from "../../../../shared/contract/violations";
import { RadioGroupField, SelectField, TextAreaField, TextField } from "../../../components/form";
import { useFormFields } from "../../../components/form/form";
import { useAgencyToday } from "../../../lib/session";
import { effectFor, ResponseEffectFields } from "./response-effect-fields";

const decisionHints: Record<EnforcementDecisionKind, string> = {
  no_action: "The violation is recorded and closed as addressed, with your reason.",
  warning: "A written warning letter is generated to print and give the person.",
  matrix_response: "A graduated response; outside the matrix's cell for this violation, give a reason: a supervisor approves it.",
  pending_explanation: "The violation stays open; you get a task due on the day the person's explanation is due.",
};

/**
 * The enforcement decision offered with a missed appointment's or failed contact's outcome (fields under
 * `enforcement.` in the contact's request). Sent with the outcome, in one request.
 */
export function EnforcementFields() {
  const form = useFormFields();
  const today = useAgencyToday();
  const decision = form.watch("enforcement.decision") as EnforcementDecisionKind | "" | undefined;
  const response = form.watch("enforcement.response") as EnforcementBody["response"] | "";
  return (
    <fieldset className="usa-fieldset margin-top-2 border-top-1px border-base-lighter padding-top-1">
      <legend className="usa-legend usa-legend--large">Enforcement decision</legend>
      <p className="usa-hint margin-top-05">
        The missed appointment or failed contact is a violation: decide now, or leave it to decide later.
      </p>
      <RadioGroupField
        name="enforcement.decision"
        legend="Decision"
        // "Decide later" first: a decision picked by mistake can be taken back before the contact is recorded.
        options={[
          { value: "", label: "Decide later" },
          ...(Object.keys(enforcementDecisionLabels) as EnforcementDecisionKind[]).map((kind) => ({
            value: kind,
            label: enforcementDecisionLabels[kind],
          })),
        ]}
      />
      {decision ? <p className="usa-hint margin-top-0">{decisionHints[decision]}</p> : null}
      {decision === "no_action" ? (
        <TextAreaField name="enforcement.reason" label="Reason for taking no action" rows={2} maxLength={1000} />
      ) : null}
      {decision === "matrix_response" ? (
        <>
          <SelectField
            name="enforcement.response"
            label="Response"
            options={responseKinds.map((kind) => ({
              value: kind,
              label: `${responseKindInfo[kind].label}${responseKindInfo[kind].goesToAuthority ? " (needs a supervisor's approval)" : ""}`,
            }))}
            placeholder="- Choose -"
          />
          <ResponseEffectFields prefix="enforcement.effect." response={response || undefined} />
          <TextField name="enforcement.dueOn" label="Response due on" type="date" min={today} />
          <TextAreaField
            name="enforcement.departureReason"
            label="Reason for departing from the matrix (if outside it)"
            hint="Needed only when the response is not in the matrix's cell for this violation."
            rows={2}
            maxLength={1000}
          />
        </>
      ) : null}
      {decision === "pending_explanation" ? (
        <TextField name="enforcement.explanationDueOn" label="Explanation due by" type="date" min={today} />
      ) : null}
    </fieldset>
  );
}

/** The request's enforcement part: only the chosen decision's fields; nothing when no decision was chosen. */
export function enforcementRequest(values: Partial<Record<keyof EnforcementBody, unknown>> | undefined): EnforcementBody | undefined {
  const decision = values?.decision as EnforcementDecisionKind | "" | undefined;
  if (!decision) return undefined;
  const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
  switch (decision) {
    case "no_action":
      return { decision, reason: text(values?.reason) } as EnforcementBody;
    case "warning":
      return { decision };
    case "matrix_response": {
      const response = text(values?.response) as EnforcementBody["response"];
      return {
        decision,
        response,
        dueOn: text(values?.dueOn),
        departureReason: text(values?.departureReason),
        effect: effectFor(response, values?.effect as EnforcementBody["effect"]),
      } as EnforcementBody;
    }
    case "pending_explanation":
      return { decision, explanationDueOn: text(values?.explanationDueOn) } as EnforcementBody;
  }
}
