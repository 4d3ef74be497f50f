import { Link, useNavigate } from "react-router";
import { intakeBody } from "../../../../shared/contract/people";
import { Form, SelectField, SubmitButton, TextField } from "../../../components/form";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { useUnitOfficers } from "../../../lib/officers";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { levelLabels, optionsFrom, riskLabels, supervisionTypeLabels } from "../../../lib/supervision-labels";
import { type IntakeInput, useIntake } from "../api/people";
import { AddressFields } from "../components/address-fields";
import { type AddressFormValues, addressForKind, blankAddress, isBlankAddress } from "../lib/address-form";

const initial = {
  person: {
    firstName: "",
    middleName: "",
    lastName: "",
    dateOfBirth: "",
    agencyPersonNumber: "",
    stateId: "",
    fbiNumber: "",
    phone: "",
  },
  address: blankAddress(),
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
type Values = { [Part in keyof typeof initial]: { [Field in keyof (typeof initial)[Part]]: string } } & { address: AddressFormValues };

/**
 * The one optional offense of the form becomes the request's list of offenses (empty when not described); the first
 * address goes with the fields of its kind, and is left out when none was entered.
 */
const toRequest = ({ offense, address, ...values }: Values) => ({
  ...values,
  ...(isBlankAddress(address) ? {} : { address: addressForKind(address) }),
  case: { ...values.case, offenses: offense.description.trim() ? [offense] : [] },
});

const messages = {
  "person.firstName": "Enter the first name",
  "person.lastName": "Enter the last name",
  "person.dateOfBirth": "Enter the date of birth",
  "person.agencyPersonNumber": "Enter the agency person number",
  "address.shelterName": "Enter the shelter's name",
  "address.locationNote": "Describe where they were last known to stay",
  "address.line1": "Enter the street address",
  "address.city": "Enter the city",
  "address.state": "Enter the state",
  "address.postalCode": "Enter the ZIP code",
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
          <TextField
            label="Phone (optional)"
            hint="So the officer can reach them and check in"
            type="tel"
            autoComplete="off"
            name="person.phone"
          />
        </fieldset>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">Where they live</legend>
          <p className="usa-hint">
            The first address routes field visits and starts the home verification (or, with no fixed address, the whereabouts check). Leave
            it blank if it is not known yet.
          </p>
          <AddressFields
            prefix="address."
            movedInLabel="Living there since (optional)"
            movedInHint="Leave blank for the supervision start"
          />
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
