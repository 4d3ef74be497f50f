import { useState } from "react";
import { Link } from "react-router";
import { levelOrder, levelReviewActionBody } from "../../../../shared/contract/level-review";
import { Form, FormButtons, SelectField, TextAreaField } from "../../../components/form";
import { OpportunityDenyForm, OpportunitySnoozeForm } from "../../../components/opportunity-forms";
import { Alert, Button, Dialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { levelLabels, riskLabels } from "../../../lib/supervision-labels";
import {
  type ActionInput,
  type DenyInput,
  type LevelReviewOpportunity,
  type SnoozeInput,
  useLevelReviewDecision,
  useLevelReviews,
} from "../api/level-review";

type Criterion = LevelReviewOpportunity["criteria"][number];
type Decision = "action" | "deny" | "snooze";

/** A criterion met, in words. */
export function criterionText(criterion: Criterion): string {
  if (criterion.kind === "level_above_assessment") {
    return `Assessed ${riskLabels[criterion.riskLevel].toLowerCase()} risk on ${formatDateTime(criterion.assessedAt)}: supports ${levelLabels[
      criterion.supportedLevel
    ].toLowerCase()} supervision`;
  }
  return `${criterion.months} months without a missed contact, positive test or other concern (since ${formatDate(criterion.since)})`;
}

/**
 * Level review opportunities: cases supervised above what their latest assessment supports, or that met the
 * compliance streak. Each can be acted on (the level lowered with a reason), denied with a reason, or snoozed.
 * Supervisors also see the level/risk mismatch count of each officer.
 */
export function LevelReviewPage() {
  usePageTitle("Level review");
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const reviews = useLevelReviews(null);
  const [open, setOpen] = useState<{ opportunity: LevelReviewOpportunity; decision: Decision } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const finish = (text: string) => {
    setOpen(null);
    setMessage(text);
  };

  return (
    <>
      <h1>Level review opportunities</h1>
      <p className="margin-top-0">
        Cases that may be supervised at a lower level: above what their latest assessment supports, or after the compliance streak.{" "}
        <Link className="usa-link" to={`${paths.home.getHref()}?levelReview=true`}>
          Show them on the caseload
        </Link>
      </p>
      {message ? (
        <Alert type="success" slim>
          {message}
        </Alert>
      ) : null}
      <ErrorAlert error={reviews.error} />
      {reviews.isPending ? <Loading label="Loading the opportunities…" /> : null}
      {reviews.data ? (
        <>
          {reviews.data.opportunities.length === 0 ? (
            <p>No level review opportunities now.</p>
          ) : (
            <Table caption="Level review opportunities">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Level</th>
                  <th scope="col">Criteria met</th>
                  <th scope="col">Officer</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {reviews.data.opportunities.map((opportunity) => (
                  <tr key={opportunity.caseId} data-testid="level-review-row">
                    <th scope="row">
                      <Link className="usa-link" to={paths.people.person.getHref(opportunity.personId)}>
                        {opportunity.personName}
                      </Link>
                      <div className="font-sans-3xs">Case {opportunity.caseNumber}</div>
                    </th>
                    <td>
                      {levelLabels[opportunity.supervisionLevel]}, suggested {levelLabels[opportunity.suggestedLevel].toLowerCase()}
                    </td>
                    <td>
                      <ul className="usa-list margin-y-0">
                        {opportunity.criteria.map((criterion) => (
                          <li key={criterion.kind}>{criterionText(criterion)}</li>
                        ))}
                      </ul>
                      {opportunity.snoozeEnded ? (
                        <div className="font-sans-3xs">Snoozed until {formatDate(opportunity.snoozeEnded)}</div>
                      ) : null}
                    </td>
                    <td>{opportunity.officer.displayName}</td>
                    <td>
                      <ul className="usa-list usa-list--unstyled" aria-label="Actions">
                        {(
                          [
                            ["action", "Lower the level"],
                            ["snooze", "Snooze"],
                            ["deny", "Deny"],
                          ] as const
                        ).map(([decision, label]) => (
                          <li key={decision} className="margin-bottom-1">
                            <Button
                              variant={decision === "action" ? "primary" : "outline"}
                              className="width-auto"
                              onClick={() => setOpen({ opportunity, decision })}
                            >
                              {label}
                              <span className="usa-sr-only">: {opportunity.personName}</span>
                            </Button>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {isSupervisor ? (
            <>
              <h2>Level and risk by officer</h2>
              <Table caption="Cases whose level differs from what their latest assessment supports, by officer">
                <thead>
                  <tr>
                    <th scope="col">Officer</th>
                    <th scope="col">Level/risk mismatches</th>
                    <th scope="col">Opportunities</th>
                    <th scope="col">Active cases</th>
                  </tr>
                </thead>
                <tbody>
                  {reviews.data.byOfficer.map((row) => (
                    <tr key={row.officer.id}>
                      <th scope="row">{row.officer.displayName}</th>
                      <td>{row.mismatches}</td>
                      <td>{row.opportunities}</td>
                      <td>{row.cases}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          ) : null}
        </>
      ) : null}
      {open ? (
        <Dialog
          title={
            open.decision === "action"
              ? "Lower the supervision level"
              : open.decision === "snooze"
                ? "Snooze the opportunity"
                : "Deny the opportunity"
          }
          onClose={() => setOpen(null)}
        >
          <p className="margin-top-0">
            {open.opportunity.personName}, case {open.opportunity.caseNumber}:{" "}
            {levelLabels[open.opportunity.supervisionLevel].toLowerCase()} supervision.
          </p>
          {open.decision === "action" ? (
            <ActionForm opportunity={open.opportunity} onDone={finish} onCancel={() => setOpen(null)} />
          ) : open.decision === "snooze" ? (
            <SnoozeForm opportunity={open.opportunity} onDone={finish} onCancel={() => setOpen(null)} />
          ) : (
            <DenyForm opportunity={open.opportunity} onDone={finish} onCancel={() => setOpen(null)} />
          )}
        </Dialog>
      ) : null}
    </>
  );
}

type FormProps = { opportunity: LevelReviewOpportunity; onDone: (message: string) => void; onCancel: () => void };

function SnoozeForm({ opportunity, onDone, onCancel }: FormProps) {
  const decide = useLevelReviewDecision<SnoozeInput>(opportunity.caseId, "snooze");
  return (
    <OpportunitySnoozeForm
      opportunityKey={opportunity.opportunityKey}
      decide={decide.mutateAsync}
      onDone={onDone}
      onCancel={onCancel}
      subject={opportunity.personName}
      label="Snooze the opportunity"
    />
  );
}

function DenyForm({ opportunity, onDone, onCancel }: FormProps) {
  const decide = useLevelReviewDecision<DenyInput>(opportunity.caseId, "deny");
  return (
    <OpportunityDenyForm
      opportunityKey={opportunity.opportunityKey}
      decide={decide.mutateAsync}
      onDone={onDone}
      onCancel={onCancel}
      subject={opportunity.personName}
      label="Deny the opportunity"
      explanation="The case keeps its level and leaves this list until a new assessment, concern or level change."
    />
  );
}

function ActionForm({ opportunity, onDone, onCancel }: FormProps) {
  const decide = useLevelReviewDecision<ActionInput>(opportunity.caseId, "action");
  const lower = levelOrder.slice(0, levelOrder.indexOf(opportunity.supervisionLevel));
  const form = useContractForm(levelReviewActionBody, {
    defaultValues: {
      opportunityKey: opportunity.opportunityKey,
      reason: "",
      level: opportunity.suggestedLevel,
      expectedVersion: opportunity.caseVersion,
    },
    messages: { reason: "Give the reason for the change", level: "Choose the new level" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await decide.mutateAsync(input);
        onDone(`${opportunity.personName} is now on ${levelLabels[input.level].toLowerCase()} supervision.`);
      }}
      className="usa-form maxw-full"
      aria-label="Lower the supervision level"
      summaryHeadingLevel="h3"
    >
      <p>The new level is final from today: it is kept in the case's history with your reason, and the contact standards follow it.</p>
      <SelectField name="level" label="New level" options={lower.map((level) => ({ value: level, label: levelLabels[level] }))} />
      <TextAreaField name="reason" label="Reason" rows={3} maxLength={500} />
      <FormButtons submit="Lower the level" onCancel={onCancel} />
    </Form>
  );
}
