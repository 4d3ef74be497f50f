import { Link, useNavigate } from "react-router";
import { intakeBody } from "../../../../shared/contract/supervision";
import { Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { levelLabels, optionsFrom, riskLabels, supervisionTypeLabels } from "../../../lib/supervision-labels";
import { hasRole, useSession } from "../../auth/api/session";
import { useUnitOfficers } from "../../caseload/api/officers";
import { type IntakeInput, useIntake } from "../api/people";

const initial = {
  person: {
    firstName: "",
    middleName: "",
    lastName: "",
    dateOfBirth: "",
    agencyPersonNumber: "",
    stateId: "",
    fbiNumber: "",
  },
  case: {
    caseNumber: "",
    supervisionType: "parole",
    authorityName: "",
    docketNumber: "",
    supervisionStart: "",
    expectedEnd: "",
    supervisionLevel: "moderate",
    riskLevel: "",
    officerId: "",
  },
  offense: { description: "", statute: "", severity: "felony" },
} as const;
type Values = { [Part in keyof typeof initial]: { [Field in keyof (typeof initial)[Part]]: string } };

/** The one optional offense of the form becomes the request's list of offenses (empty when not described). */
const toRequest = ({ offense, ...values }: Values) => ({
  ...values,
  case: { ...values.case, offenses: offense.description.trim() ? [offense] : [] },
});

const messages = {
  "person.firstName": "Enter the first name",
  "person.lastName": "Enter the last name",
  "person.dateOfBirth": "Enter the date of birth",
  "person.agencyPersonNumber": "Enter the agency person number",
  "case.caseNumber": "Enter the case number",
  "case.authorityName": "Enter the paroling or sentencing authority",
  "case.supervisionStart": "Enter the date supervision starts",
  "case.expectedEnd": "Enter a valid date",
  "case.officerId": "Choose the supervising officer",
};

/** Intake: a new person and their first supervision case; then their page. */
export function NewPersonPage() {
  usePageTitle("New person");
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const officers = useUnitOfficers(isSupervisor);
  const intake = useIntake();
  const navigate = useNavigate();
  const form = useContractForm(intakeBody, {
    defaultValues: initial as never,
    toRequest: toRequest as never,
    messages,
    fieldAliases: {
      "case.offenses.0.description": "offense.description",
      "case.offenses.0.statute": "offense.statute",
      "case.offenses.0.severity": "offense.severity",
    },
    // Officers take their own new cases; a supervisor names the officer.
    check: (request) => (isSupervisor && !request.case.officerId ? [{ field: "case.officerId", message: messages["case.officerId"] }] : []),
  });

  const send = async (request: IntakeInput) => {
    const { officerId, ...caseInput } = request.case;
    const result = await intake.mutateAsync({ ...request, case: isSupervisor ? { ...caseInput, officerId } : caseInput });
    void navigate(paths.people.person.getHref(result.personId));
  };

  return (
    <>
      <h1>New person</h1>
      <p className="usa-intro">Record a person and their first supervision case.</p>
      <Form form={form} onSubmit={send} className="usa-form usa-form--large" aria-label="New person">
        <fieldset className="usa-fieldset">
          <legend className="usa-legend usa-legend--large">Person</legend>
          <TextField label="First name" autoComplete="off" name="person.firstName" />
          <TextField label="Middle name (optional)" autoComplete="off" name="person.middleName" />
          <TextField label="Last name" autoComplete="off" name="person.lastName" />
          <TextField label="Date of birth" type="date" name="person.dateOfBirth" />
          <TextField label="Agency person number" autoComplete="off" spellCheck={false} name="person.agencyPersonNumber" />
          <TextField label="State ID (optional)" autoComplete="off" spellCheck={false} name="person.stateId" />
          <TextField label="FBI number (optional)" autoComplete="off" spellCheck={false} name="person.fbiNumber" />
        </fieldset>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">First case</legend>
          <TextField label="Case number" autoComplete="off" spellCheck={false} name="case.caseNumber" />
          <SelectField label="Supervision type" options={optionsFrom(supervisionTypeLabels)} name="case.supervisionType" />
          <TextField label="Authority" hint="The parole board or the sentencing court" autoComplete="off" name="case.authorityName" />
          <TextField label="Docket number (optional)" autoComplete="off" name="case.docketNumber" />
          <TextField label="Supervision start" type="date" name="case.supervisionStart" />
          <TextField label="Expected end (optional)" type="date" name="case.expectedEnd" />
          <SelectField label="Supervision level" options={optionsFrom(levelLabels)} name="case.supervisionLevel" />
          <SelectField label="Risk level" options={optionsFrom(riskLabels, "Not assessed yet")} name="case.riskLevel" />
          {isSupervisor ? (
            <SelectField
              label="Supervising officer"
              placeholder
              options={(officers.data ?? []).map((officer) => ({ value: officer.id, label: officer.displayName }))}
              name="case.officerId"
            />
          ) : null}
        </fieldset>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">Offense (optional)</legend>
          <TextField label="Offense description" autoComplete="off" name="offense.description" />
          <TextField label="Statute (optional)" autoComplete="off" name="offense.statute" />
          <SelectField
            label="Severity"
            options={[
              { value: "felony", label: "Felony" },
              { value: "misdemeanor", label: "Misdemeanor" },
            ]}
            name="offense.severity"
          />
        </fieldset>
        <SubmitButton className="margin-top-3">Create person and case</SubmitButton>
        <Link className="usa-button usa-button--unstyled margin-left-2" to={paths.home.getHref()}>
          Cancel
        </Link>
      </Form>
    </>
  );
}
