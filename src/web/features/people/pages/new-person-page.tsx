import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Alert, Button, ErrorAlert, Select, TextInput } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { isApiError } from "../../../lib/api-client";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
import { useUnitOfficers } from "../../../lib/officers";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { levelLabels, optionsFrom, riskLabels, supervisionTypeLabels } from "../../../lib/supervision-labels";
import { type IntakeInput, useIntake } from "../api/people";

type CaseInput = IntakeInput["case"];

const initial = {
  firstName: "",
  middleName: "",
  lastName: "",
  dateOfBirth: "",
  agencyPersonNumber: "",
  stateId: "",
  fbiNumber: "",
  caseNumber: "",
  supervisionType: "parole",
  authorityName: "",
  docketNumber: "",
  supervisionStart: "",
  expectedEnd: "",
  supervisionLevel: "moderate",
  riskLevel: "",
  officerId: "",
  offenseDescription: "",
  offenseStatute: "",
  offenseSeverity: "felony",
};
type Values = typeof initial;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const orNull = (value: string) => value.trim() || null;

/** Intake: a new person and their first supervision case; then their page. */
export function NewPersonPage() {
  usePageTitle("New person");
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const officers = useUnitOfficers(isSupervisor);
  const intake = useIntake();
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const field = (name: keyof Values) => ({
    value: values[name],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
    error: errors[name === "offenseDescription" ? "description" : name === "offenseStatute" ? "statute" : name],
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const required = (value: string, message: string) => (value.trim() ? undefined : message);
    const date = (value: string, message: string) => (isoDate.test(value) ? undefined : message);
    const found: FieldErrors = {
      firstName: required(values.firstName, "Enter the first name"),
      lastName: required(values.lastName, "Enter the last name"),
      dateOfBirth: date(values.dateOfBirth, "Enter the date of birth"),
      agencyPersonNumber: required(values.agencyPersonNumber, "Enter the agency person number"),
      caseNumber: required(values.caseNumber, "Enter the case number"),
      authorityName: required(values.authorityName, "Enter the paroling or sentencing authority"),
      supervisionStart: date(values.supervisionStart, "Enter the date supervision starts"),
      expectedEnd: values.expectedEnd && !isoDate.test(values.expectedEnd) ? "Enter a valid date" : undefined,
      officerId: isSupervisor && !values.officerId ? "Choose the supervising officer" : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;

    const caseInput: CaseInput = {
      caseNumber: values.caseNumber.trim(),
      supervisionType: values.supervisionType as CaseInput["supervisionType"],
      authorityName: values.authorityName.trim(),
      docketNumber: orNull(values.docketNumber),
      supervisionStart: values.supervisionStart,
      expectedEnd: values.expectedEnd || null,
      supervisionLevel: values.supervisionLevel as CaseInput["supervisionLevel"],
      riskLevel: (values.riskLevel || null) as CaseInput["riskLevel"],
      ...(isSupervisor ? { officerId: values.officerId } : {}),
      offenses: values.offenseDescription.trim()
        ? [
            {
              description: values.offenseDescription.trim(),
              statute: orNull(values.offenseStatute),
              severity: values.offenseSeverity as NonNullable<CaseInput["offenses"]>[number]["severity"],
            },
          ]
        : [],
    };
    intake.mutate(
      {
        person: {
          firstName: values.firstName.trim(),
          middleName: orNull(values.middleName),
          lastName: values.lastName.trim(),
          dateOfBirth: values.dateOfBirth,
          agencyPersonNumber: values.agencyPersonNumber.trim(),
          stateId: orNull(values.stateId),
          fbiNumber: orNull(values.fbiNumber),
        },
        case: caseInput,
      },
      {
        onSuccess: (result) => navigate(paths.people.person.getHref(result.personId)),
        onError: (error) => setErrors(fieldErrorsFrom(error)),
      },
    );
  };

  const conflict = isApiError(intake.error) && intake.error.status === 409;

  return (
    <>
      <h1>New person</h1>
      <p className="usa-intro">Record a person and their first supervision case.</p>
      {conflict ? (
        <Alert type="error" heading="Already recorded" role="alert">
          {intake.error?.message} Search the caseload for the existing record, or correct the numbers below.
        </Alert>
      ) : (
        <ErrorAlert error={intake.error} />
      )}
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate aria-label="New person">
        <fieldset className="usa-fieldset">
          <legend className="usa-legend usa-legend--large">Person</legend>
          <TextInput label="First name" autoComplete="off" {...field("firstName")} />
          <TextInput label="Middle name (optional)" autoComplete="off" {...field("middleName")} />
          <TextInput label="Last name" autoComplete="off" {...field("lastName")} />
          <TextInput label="Date of birth" type="date" {...field("dateOfBirth")} />
          <TextInput label="Agency person number" autoComplete="off" spellCheck={false} {...field("agencyPersonNumber")} />
          <TextInput label="State ID (optional)" autoComplete="off" spellCheck={false} {...field("stateId")} />
          <TextInput label="FBI number (optional)" autoComplete="off" spellCheck={false} {...field("fbiNumber")} />
        </fieldset>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">First case</legend>
          <TextInput label="Case number" autoComplete="off" spellCheck={false} {...field("caseNumber")} />
          <Select label="Supervision type" options={optionsFrom(supervisionTypeLabels)} {...field("supervisionType")} />
          <TextInput label="Authority" hint="The parole board or the sentencing court" autoComplete="off" {...field("authorityName")} />
          <TextInput label="Docket number (optional)" autoComplete="off" {...field("docketNumber")} />
          <TextInput label="Supervision start" type="date" {...field("supervisionStart")} />
          <TextInput label="Expected end (optional)" type="date" {...field("expectedEnd")} />
          <Select label="Supervision level" options={optionsFrom(levelLabels)} {...field("supervisionLevel")} />
          <Select label="Risk level" options={optionsFrom(riskLabels, "Not assessed yet")} {...field("riskLevel")} />
          {isSupervisor ? (
            <Select
              label="Supervising officer"
              options={[
                { value: "", label: "- Select -" },
                ...(officers.data ?? []).map((officer) => ({ value: officer.id, label: officer.displayName })),
              ]}
              {...field("officerId")}
            />
          ) : null}
        </fieldset>
        <fieldset className="usa-fieldset margin-top-4">
          <legend className="usa-legend usa-legend--large">Offense (optional)</legend>
          <TextInput label="Offense description" autoComplete="off" {...field("offenseDescription")} />
          <TextInput label="Statute (optional)" autoComplete="off" {...field("offenseStatute")} />
          <Select
            label="Severity"
            options={[
              { value: "felony", label: "Felony" },
              { value: "misdemeanor", label: "Misdemeanor" },
            ]}
            {...field("offenseSeverity")}
          />
        </fieldset>
        <Button type="submit" className="margin-top-3" pending={intake.isPending}>
          Create person and case
        </Button>
        <Link className="usa-button usa-button--unstyled margin-left-2" to={paths.home.getHref()}>
          Cancel
        </Link>
      </form>
    </>
  );
}
