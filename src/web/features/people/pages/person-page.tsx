import { useState } from "react";
import { Link, useParams } from "react-router";
import { Alert, ErrorAlert, Loading, Select } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { isApiError } from "../../../lib/api-client";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { statusLabels } from "../../../lib/supervision-labels";
import { CaseAppointments } from "../../appointments/components/case-appointments";
import { CaseAssessmentsSection } from "../../assessments/components/assessments-section";
import { LevelChangeBanner } from "../../assessments/components/level-change-banner";
import { CasePlanSection } from "../../case-plans/components/case-plan-section";
import { CaseContacts } from "../../contacts/components/contacts-section";
import { CrisisBanner } from "../../crisis/components/crisis-banner";
import { CaseCrisisSection } from "../../crisis/components/crisis-section";
import { CaseEarlyDischarge } from "../../early-discharge/components/early-discharge-section";
import { RaceEthnicity } from "../../fairness/components/race-ethnicity";
import { PersonFieldVisit } from "../../field-safety/components/person-field-visit";
import { CaseIncentivesSection } from "../../incentives/components/incentives-section";
import { AlertsPanel } from "../../monitoring/alerts/components/alerts-panel";
import { CaseMonitoringSection } from "../../monitoring/zones/monitoring-section";
import { NotesTimeline } from "../../notes/components/notes-timeline";
import { CaseRevocationSection } from "../../revocation/components/revocation-section";
import { CaseTasks } from "../../tasks/components/case-tasks";
import { CaseTesting } from "../../testing/components/testing-section";
import { CaseViolations } from "../../violations/components/violations-section";
import { type PersonRecord, usePerson } from "../api/people";
import { AddressesEditor } from "../components/addresses-editing";
import { CaseOverview, ConditionsSection, Section } from "../components/case-sections";
import { CaseSupervision } from "../components/case-supervision";
import { ConditionsEditor } from "../components/conditions-editor";
import { EmploymentEditor } from "../components/employment-editing";
import { AliasesEditor } from "../components/household-aliases";
import { CautionsEditor } from "../components/household-cautions";
import { HouseholdContacts } from "../components/household-contacts";
import { PhotoUpload } from "../components/household-photo";
import { PersonHeader } from "../components/person-header";
import { PersonalDetails } from "../components/personal-details";
import { TransferForm } from "../components/transfer-form";

type Case = PersonRecord["cases"][number];

/** Open cases first, then the most recently started. */
const orderCases = (cases: Case[]) =>
  [...cases].sort(
    (a, b) => Number(a.status === "closed") - Number(b.status === "closed") || b.supervisionStart.localeCompare(a.supervisionStart),
  );

export function PersonPage() {
  const { personId = "" } = useParams();
  const person = usePerson(personId);
  const { data: session } = useSession();
  const [chosenCaseId, setChosenCaseId] = useState<string | null>(null);
  usePageTitle(person.error && isApiError(person.error) && person.error.status === 403 ? "No access" : "Person record");

  if (person.isPending) return <Loading label="Loading the person's record…" />;
  if (person.isError) return <PersonUnavailable error={person.error} />;

  const record = person.data;
  const cases = orderCases(record.cases);
  const current = cases.find((candidate) => candidate.id === chosenCaseId) ?? cases[0] ?? null;
  const isSupervisor = hasRole(session, ["supervisor"]);
  // Officers and supervisors keep the record up to date (the server decides for each person).
  const canEditRecord = hasRole(session, ["officer", "supervisor"]);
  const canTransfer = isSupervisor && current !== null && current.status !== "closed" && current.unit.id === session?.user.unitId;

  const sections = [
    { id: "overview", title: "Overview" },
    ...(current ? [{ id: "supervision", title: "Supervision" }] : []),
    ...(current && current.status !== "closed" ? [{ id: "field-visit", title: "Field visit" }] : []),
    ...(current ? [{ id: "tasks", title: "Tasks" }] : []),
    ...(current ? [{ id: "assessments", title: "Assessments" }] : []),
    ...(current ? [{ id: "case-plan", title: "Case plan" }] : []),
    { id: "conditions", title: "Conditions" },
    ...(current ? [{ id: "monitoring", title: "Monitoring" }] : []),
    ...(current ? [{ id: "monitoring-alerts", title: "Monitoring alerts" }] : []),
    { id: "appointments", title: "Next appointments" },
    { id: "contacts", title: "Contacts" },
    { id: "testing", title: "Drug testing" },
    ...(current ? [{ id: "violations", title: "Violations and responses" }] : []),
    ...(current ? [{ id: "incentives", title: "Incentives" }] : []),
    ...(current ? [{ id: "crisis", title: "Crisis" }] : []),
    ...(current ? [{ id: "early-discharge", title: "Early discharge" }] : []),
    ...(current ? [{ id: "revocation", title: "Revocation and recall" }] : []),
    { id: "notes", title: "Notes" },
    { id: "personal", title: "Personal details" },
    { id: "addresses", title: "Addresses" },
    { id: "employment", title: "Employment" },
    { id: "household", title: "Household and family" },
    { id: "cautions", title: "Safety cautions" },
    { id: "aliases", title: "Other names" },
    { id: "photo", title: "Photo" },
    ...(canTransfer ? [{ id: "transfer", title: "Transfer" }] : []),
  ];

  return (
    <>
      <PersonHeader record={record} current={current} />
      {current ? <CrisisBanner key={`crisis-${current.id}`} caseId={current.id} /> : null}
      {current && current.status !== "closed" ? <LevelChangeBanner key={current.id} caseId={current.id} /> : null}
      {cases.length > 1 ? (
        <div className="maxw-mobile-lg">
          <Select
            label="Case shown"
            value={current?.id ?? ""}
            onChange={(event) => setChosenCaseId(event.target.value)}
            options={cases.map((item) => ({ value: item.id, label: `${item.caseNumber} (${statusLabels[item.status]})` }))}
          />
        </div>
      ) : null}
      <nav aria-label="Sections of this record" className="margin-top-2">
        <ul className="usa-list usa-list--unstyled display-flex flex-wrap">
          {sections.map((section) => (
            <li key={section.id} className="margin-right-3 margin-bottom-1">
              <a className="usa-link" href={`#${section.id}`}>
                {section.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {current ? (
        <>
          <Section id="overview" title="Overview">
            <CaseOverview current={current} record={record} />
          </Section>
          <Section id="supervision" title="Supervision">
            <CaseSupervision
              current={current}
              personId={record.person.id}
              canEdit={current.status !== "closed" && hasRole(session, ["officer", "supervisor"])}
              canManageCoOfficers={canTransfer}
            />
          </Section>
          {current.status !== "closed" && session ? (
            <Section id="field-visit" title="Field visit">
              <PersonFieldVisit record={record} caseId={current.id} userId={session.user.id} />
            </Section>
          ) : null}
          <Section id="tasks" title="Tasks">
            <CaseTasks key={current.id} caseId={current.id} canAct={canEditRecord} />
          </Section>
          <Section id="assessments" title="Assessments">
            <CaseAssessmentsSection key={current.id} caseId={current.id} canEdit={current.status !== "closed" && canEditRecord} />
          </Section>
          <Section id="case-plan" title="Case plan">
            <CasePlanSection key={current.id} caseId={current.id} canEdit={canEditRecord && current.status !== "closed"} />
          </Section>
          <Section id="conditions" title="Conditions">
            <ConditionsSection current={current} />
            <ConditionsEditor key={current.id} current={current} personId={record.person.id} />
          </Section>
          <Section id="monitoring" title="Monitoring">
            <CaseMonitoringSection key={current.id} caseId={current.id} canEdit={canEditRecord && current.status !== "closed"} />
          </Section>
          {/* The case's monitoring alerts, their triage and suspensions, right below its devices and zones. */}
          <Section id="monitoring-alerts" title="Monitoring alerts">
            <AlertsPanel key={current.id} caseId={current.id} canAct={current.status !== "closed" && canEditRecord} />
          </Section>
          <Section id="appointments" title="Next appointments">
            <CaseAppointments key={current.id} caseId={current.id} canSchedule={current.status !== "closed"} />
          </Section>
          <Section id="contacts" title="Contacts">
            <CaseContacts key={current.id} caseId={current.id} personId={record.person.id} canRecord={current.status !== "closed"} />
          </Section>
          <Section id="testing" title="Drug testing">
            <CaseTesting key={current.id} caseId={current.id} canRecord={current.status !== "closed"} />
          </Section>
          <Section id="violations" title="Violations and responses">
            <CaseViolations key={current.id} caseId={current.id} canRecord={current.status !== "closed" && canEditRecord} />
          </Section>
          <Section id="incentives" title="Incentives">
            <CaseIncentivesSection key={current.id} caseId={current.id} canRecord={current.status !== "closed" && canEditRecord} />
          </Section>
          <Section id="crisis" title="Crisis">
            <CaseCrisisSection key={current.id} caseId={current.id} canRecord={current.status !== "closed" && canEditRecord} />
          </Section>
          <Section id="early-discharge" title="Early discharge">
            <CaseEarlyDischarge
              key={current.id}
              caseId={current.id}
              personId={record.person.id}
              personName={`${record.person.name.first} ${record.person.name.last}`}
              canAct={current.status === "active" && canEditRecord}
            />
          </Section>
          <Section id="revocation" title="Revocation and recall">
            <CaseRevocationSection
              key={current.id}
              caseId={current.id}
              personName={`${record.person.name.first} ${record.person.name.last}`}
              canAct={canEditRecord}
            />
          </Section>
          <Section id="notes" title="Notes">
            {session ? <NotesTimeline key={current.id} caseId={current.id} currentUserId={session.user.id} /> : null}
          </Section>
        </>
      ) : (
        <Alert type="info" slim>
          This person has no supervision case.
        </Alert>
      )}
      <Section id="personal" title="Personal details">
        <PersonalDetails person={record.person} canEdit={canEditRecord} />
        <RaceEthnicity personId={record.person.id} canEdit={canEditRecord} />
      </Section>
      <Section id="addresses" title="Addresses">
        <AddressesEditor record={record} canEdit={canEditRecord} />
      </Section>
      <Section id="employment" title="Employment">
        <EmploymentEditor record={record} canEdit={canEditRecord} />
      </Section>
      <Section id="household" title="Household and family">
        <HouseholdContacts record={record} />
      </Section>
      <Section id="cautions" title="Safety cautions">
        <CautionsEditor record={record} />
      </Section>
      <Section id="aliases" title="Other names">
        <AliasesEditor record={record} />
      </Section>
      <Section id="photo" title="Photo">
        <PhotoUpload record={record} />
      </Section>
      {canTransfer && current ? (
        <Section id="transfer" title="Transfer">
          <TransferForm
            key={current.id}
            caseId={current.id}
            caseVersion={current.version}
            personId={record.person.id}
            caseNumber={current.caseNumber}
            currentOfficerId={current.officer.id}
          />
        </Section>
      ) : null}
    </>
  );
}

function PersonUnavailable({ error }: { error: unknown }) {
  const status = isApiError(error) ? error.status : 0;
  if (status === 403) {
    return (
      <>
        <h1>You do not have access to this person</h1>
        <Alert type="warning" role="alert" slim>
          This person is not on your caseload or in your unit. The attempt has been recorded. If you need access, ask your supervisor.
        </Alert>
        <p>
          <Link className="usa-link" to={paths.home.getHref()}>
            Go to your caseload
          </Link>
        </p>
      </>
    );
  }
  if (status === 404 || status === 400) {
    return (
      <>
        <h1>Person not found</h1>
        <p>There is no person at this address.</p>
        <p>
          <Link className="usa-link" to={paths.home.getHref()}>
            Go to your caseload
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>The record could not be loaded</h1>
      <ErrorAlert error={error} />
    </>
  );
}
