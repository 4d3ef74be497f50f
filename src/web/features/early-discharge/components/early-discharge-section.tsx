import { useState } from "react";
import { Link } from "react-router";
import { earlyDischargeRecommendBody, earlyDischargeReviewBody } from "../../../../shared/contract/early-discharge";
import { violationTypeLabels } from "../../../../shared/contract/violations";
import { Form, FormButtons, TextAreaField } from "../../../components/form";
import { OpportunityDenyForm, OpportunitySnoozeForm } from "../../../components/opportunity-forms";
import { Alert, Button, ConfirmDialog, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateTime } from "../../../lib/format";
import { hasRole, useSession } from "../../../lib/session";
import { Notice, noticeOf } from "../../appointments/components/notice";
import {
  type EarlyDischargeCriterion,
  type EarlyDischargeRecommendation,
  type EarlyDischargeState,
  useDenyEarlyDischarge,
  useEarlyDischarge,
  useEvaluateEarlyDischarge,
  useRecommendEarlyDischarge,
  useReviewEarlyDischarge,
  useSnoozeEarlyDischarge,
} from "../api/early-discharge";

const authorityWords = { parole_board: "the parole board", court: "the court" } as const;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
const concernWords = (kind: string) =>
  kind in violationTypeLabels ? violationTypeLabels[kind as keyof typeof violationTypeLabels] : kind.replaceAll("_", " ");

/** The person page's section that shows the record a concern event came from. */
const eventSection: Record<string, string> = {
  positive_test: "testing",
  dilute_test: "testing",
  adulterated_test: "testing",
  missed_test: "testing",
  refused_test: "testing",
  missed_appointment: "appointments",
  contact_no_show: "contacts",
  contact_refused: "contacts",
  condition_non_compliant: "conditions",
};

/** A criterion, met or not, with its evidence, in words. */
function CriterionText({ criterion, personId }: { criterion: EarlyDischargeCriterion; personId: string }) {
  const section = (id: string, text: string) => (
    <Link className="usa-link" to={`${paths.people.person.getHref(personId)}#${id}`}>
      {text}
    </Link>
  );
  switch (criterion.kind) {
    case "term_served": {
      const share = `${Math.round(criterion.share * 100)}% of the term`;
      if (!criterion.expectedEnd || criterion.termDays === null)
        return <>Term served: the case has no expected end date, so the share served cannot be worked out.</>;
      return (
        <>
          Term served: {plural(criterion.daysServed, "day")} of {criterion.termDays} since {formatDate(criterion.supervisionStart)}{" "}
          (expected end {formatDate(criterion.expectedEnd)}); {share} {criterion.met ? "was served on" : "will be served on"}{" "}
          {formatDate(criterion.eligibleFrom!)}.
        </>
      );
    }
    case "compliance_streak":
      return (
        <>
          Compliance: {criterion.months} months without a violation, positive test, missed appointment or other concern are needed.{" "}
          {criterion.lastConcern ? (
            <>
              Last concern:{" "}
              {criterion.lastConcern.recordType === "violation"
                ? section("violations", `${concernWords(criterion.lastConcern.kind)} (violation)`)
                : eventSection[criterion.lastConcern.kind]
                  ? section(eventSection[criterion.lastConcern.kind]!, concernWords(criterion.lastConcern.kind))
                  : concernWords(criterion.lastConcern.kind)}{" "}
              on {formatDate(criterion.lastConcern.on)}.
            </>
          ) : (
            <>No concern since the start on {formatDate(criterion.since)}.</>
          )}
        </>
      );
    case "no_open_violations":
      return criterion.met ? (
        <>No open violation.</>
      ) : (
        <>
          {section("violations", plural(criterion.openViolations.length, "open violation"))}:{" "}
          {criterion.openViolations
            .map((violation) => `${concernWords(violation.type)} on ${formatDateTime(violation.occurredAt)}`)
            .join("; ")}
          .
        </>
      );
    case "conditions_complete":
      return criterion.met ? (
        <>Conditions: all {plural(criterion.conditions, "current condition")} compliant or not applicable.</>
      ) : (
        <>
          {section("conditions", "Conditions")} not yet compliant:{" "}
          {criterion.outstanding
            .map((condition) => `${condition.title} (${condition.compliance === "pending" ? "not yet assessed" : "not compliant"})`)
            .join("; ")}
          .
        </>
      );
  }
}

function CriteriaList({ criteria, personId }: { criteria: EarlyDischargeCriterion[]; personId: string }) {
  return (
    <ul className="usa-list" aria-label="Eligibility criteria">
      {criteria.map((criterion) => (
        <li key={criterion.kind} data-met={criterion.met}>
          <strong>{criterion.met ? "Met" : "Not met"}</strong> — <CriterionText criterion={criterion} personId={personId} />
        </li>
      ))}
    </ul>
  );
}

const statusWords: Record<EarlyDischargeRecommendation["status"], string> = {
  awaiting_approval: "Awaiting a supervisor's approval",
  approved: "Approved",
  returned: "Returned",
};

type Action = "recommend" | "snooze" | "deny" | { kind: "approve" | "return"; recommendation: EarlyDischargeRecommendation };

/** The Early discharge section of the person page: eligibility with its evidence, decisions, recommendations. */
export function CaseEarlyDischarge({
  caseId,
  personId,
  personName,
  canAct,
}: {
  caseId: string;
  personId: string;
  personName: string;
  canAct: boolean;
}) {
  const state = useEarlyDischarge(caseId);
  const evaluate = useEvaluateEarlyDischarge(caseId);
  const { data: session } = useSession();
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  if (state.isPending) return <Loading label="Loading early discharge…" />;
  if (state.isError) return <ErrorAlert error={state.error} />;
  const data: EarlyDischargeState = state.data;
  const isSupervisor = hasRole(session, ["supervisor"]);
  const finish = (text: string) => {
    setAction(null);
    setNotice(noticeOf(text));
  };
  const close = () => setAction(null);
  const key = data.evaluation?.opportunityKey ?? "";

  return (
    <>
      <Notice message={notice} />
      {data.daysPastExpectedEnd > 0 && data.expectedEnd ? (
        <Alert type="warning" slim>
          Past the expected end date ({formatDate(data.expectedEnd)}) by {plural(data.daysPastExpectedEnd, "day")}: close the case or record
          why supervision continues.
        </Alert>
      ) : null}
      {data.evaluation ? (
        <>
          <p className="margin-bottom-1">
            <strong data-testid="discharge-eligibility">
              {data.evaluation.eligible ? "Eligible for early discharge" : "Not eligible for early discharge yet"}
            </strong>{" "}
            <span className="font-sans-3xs">(evaluated {formatDateTime(data.evaluation.evaluatedAt)})</span>
          </p>
          <CriteriaList criteria={data.evaluation.criteria} personId={personId} />
        </>
      ) : (
        <p>Not evaluated yet: cases are evaluated each night.</p>
      )}
      <p className="font-sans-3xs">Fees and their payments are not tracked in Waypoint, so they are not a criterion.</p>
      {data.snoozeEnded ? <p>Snoozed until {formatDate(data.snoozeEnded)}; that day has come.</p> : null}
      {data.lastDecision?.current && data.lastDecision.decision !== "recommended" && !data.listed ? (
        <p>
          {data.lastDecision.decision === "denied"
            ? `Denied by ${data.lastDecision.decidedBy} on ${formatDateTime(data.lastDecision.decidedAt)}: ${data.lastDecision.reason}`
            : `Snoozed by ${data.lastDecision.decidedBy} until ${formatDate(data.lastDecision.snoozedUntil!)}: ${data.lastDecision.reason}`}
        </p>
      ) : null}
      {canAct ? (
        <ul className="usa-button-group" aria-label="Early discharge actions">
          {data.listed ? (
            <>
              <li className="usa-button-group__item">
                <Button onClick={() => setAction("recommend")}>Recommend early discharge</Button>
              </li>
              <li className="usa-button-group__item">
                <Button variant="outline" onClick={() => setAction("snooze")}>
                  Snooze
                </Button>
              </li>
              <li className="usa-button-group__item">
                <Button variant="outline" onClick={() => setAction("deny")}>
                  Deny
                </Button>
              </li>
            </>
          ) : null}
          <li className="usa-button-group__item">
            <Button
              variant="outline"
              pending={evaluate.isPending}
              onClick={async () => {
                await evaluate.mutateAsync(undefined);
                setNotice(noticeOf("Evaluated now."));
              }}
            >
              Evaluate now
            </Button>
          </li>
        </ul>
      ) : null}
      <ErrorAlert error={evaluate.error} />
      {data.recommendations.length > 0 ? (
        <>
          <h3>Recommendations</h3>
          <ul className="usa-list usa-list--unstyled">
            {data.recommendations.map((recommendation) => {
              const own = recommendation.recommendedBy.id === session?.user.id;
              const authority = `${authorityWords[recommendation.authority]} (${recommendation.authorityName})`;
              return (
                <li key={recommendation.id} className="border-top border-base-lighter padding-y-1" data-testid="discharge-recommendation">
                  <p className="margin-y-0">
                    <strong>{statusWords[recommendation.status]}</strong>: recommended by {recommendation.recommendedBy.displayName} on{" "}
                    {formatDateTime(recommendation.recommendedAt)}, to go to {authority}.
                  </p>
                  <p className="margin-y-05">Note: {recommendation.note}</p>
                  {recommendation.reviewedBy && recommendation.reviewedAt ? (
                    <p className="margin-y-05">
                      {recommendation.status === "approved" ? "Approved" : "Returned"} by {recommendation.reviewedBy.displayName} on{" "}
                      {formatDateTime(recommendation.reviewedAt)}
                      {recommendation.reviewReason ? `: ${recommendation.reviewReason}` : ""}.
                    </p>
                  ) : null}
                  {recommendation.status === "approved" ? (
                    <p className="margin-y-05">
                      The case's officer sends the early-discharge request to {authority}: it is on their tasks.
                    </p>
                  ) : null}
                  {recommendation.status === "awaiting_approval" && own ? (
                    <p className="margin-y-05 text-italic">You recommended this: another supervisor of the unit approves it.</p>
                  ) : null}
                  {recommendation.status === "awaiting_approval" && isSupervisor && !own ? (
                    <ul className="usa-button-group" aria-label="Decide the recommendation">
                      <li className="usa-button-group__item">
                        <Button onClick={() => setAction({ kind: "approve", recommendation })}>Approve</Button>
                      </li>
                      <li className="usa-button-group__item">
                        <Button variant="outline" onClick={() => setAction({ kind: "return", recommendation })}>
                          Return
                        </Button>
                      </li>
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {action === "recommend" ? (
        <Dialog title="Recommend early discharge" onClose={close}>
          <RecommendForm caseId={caseId} opportunityKey={key} personName={personName} onDone={finish} onCancel={close} />
        </Dialog>
      ) : null}
      {action === "snooze" ? (
        <SnoozeDialog caseId={caseId} opportunityKey={key} personName={personName} onDone={finish} onClose={close} />
      ) : null}
      {action === "deny" ? (
        <DenyDialog caseId={caseId} opportunityKey={key} personName={personName} onDone={finish} onClose={close} />
      ) : null}
      {typeof action === "object" && action?.kind === "approve" ? (
        <ApproveDialog caseId={caseId} recommendation={action.recommendation} onDone={finish} onClose={close} />
      ) : null}
      {typeof action === "object" && action?.kind === "return" ? (
        <Dialog title="Return the recommendation" onClose={close}>
          <ReturnForm caseId={caseId} recommendation={action.recommendation} onDone={finish} onCancel={close} />
        </Dialog>
      ) : null}
    </>
  );
}

type DecisionProps = { caseId: string; opportunityKey: string; personName: string; onDone: (text: string) => void };

function RecommendForm({ caseId, opportunityKey, personName, onDone, onCancel }: DecisionProps & { onCancel: () => void }) {
  const recommend = useRecommendEarlyDischarge(caseId);
  const form = useContractForm(earlyDischargeRecommendBody, {
    defaultValues: { opportunityKey, note: "" },
    messages: { note: "Write a note for the supervisor" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await recommend.mutateAsync(input);
        onDone(`Recommended for early discharge: ${personName}. A supervisor of the unit approves it.`);
      }}
      className="usa-form maxw-full"
      aria-label="Recommend early discharge"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        The unit's supervisors get it to approve (not you); once approved, the request goes to the parole board or the court.
      </p>
      <TextAreaField
        name="note"
        label="Note for the supervisor"
        hint="Why now: progress, stability, what the person has achieved"
        rows={4}
        maxLength={2000}
      />
      <FormButtons submit={recommend.isPending ? "Recommending…" : "Recommend"} onCancel={onCancel} />
    </Form>
  );
}

function SnoozeDialog({ caseId, opportunityKey, personName, onDone, onClose }: DecisionProps & { onClose: () => void }) {
  const snooze = useSnoozeEarlyDischarge(caseId);
  return (
    <Dialog title="Snooze early discharge" onClose={onClose}>
      <OpportunitySnoozeForm
        opportunityKey={opportunityKey}
        decide={snooze.mutateAsync}
        onDone={onDone}
        onCancel={onClose}
        subject={personName}
        label="Snooze early discharge"
      />
    </Dialog>
  );
}

function DenyDialog({ caseId, opportunityKey, personName, onDone, onClose }: DecisionProps & { onClose: () => void }) {
  const deny = useDenyEarlyDischarge(caseId);
  return (
    <Dialog title="Deny early discharge" onClose={onClose}>
      <OpportunityDenyForm
        opportunityKey={opportunityKey}
        decide={deny.mutateAsync}
        onDone={onDone}
        onCancel={onClose}
        subject={personName}
        label="Deny early discharge"
        explanation="The case is not listed for early discharge again until a new concern or a change of its expected end date."
      />
    </Dialog>
  );
}

function ApproveDialog({
  caseId,
  recommendation,
  onDone,
  onClose,
}: {
  caseId: string;
  recommendation: EarlyDischargeRecommendation;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const review = useReviewEarlyDischarge(caseId, recommendation.id);
  const authority = `${authorityWords[recommendation.authority]} (${recommendation.authorityName})`;
  return (
    <ConfirmDialog
      title="Approve the early-discharge recommendation?"
      confirmLabel="Approve"
      pending={review.isPending}
      error={review.error}
      onConfirm={async () => {
        await review.mutateAsync({ decision: "approved" });
        onDone(`Approved: the officer sends the request to ${authority}.`);
      }}
      onClose={onClose}
    >
      <p>
        Recommended by {recommendation.recommendedBy.displayName}: {recommendation.note}
      </p>
      <p>Once approved, the case's officer gets the task of sending the early-discharge request to {authority}. This is final.</p>
    </ConfirmDialog>
  );
}

function ReturnForm({
  caseId,
  recommendation,
  onDone,
  onCancel,
}: {
  caseId: string;
  recommendation: EarlyDischargeRecommendation;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const review = useReviewEarlyDischarge(caseId, recommendation.id);
  const form = useContractForm(earlyDischargeReviewBody, {
    defaultValues: { decision: "returned", reason: "" },
    messages: { reason: "Give the reason for returning it" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await review.mutateAsync(input);
        onDone("Returned to the officer with your reason.");
      }}
      className="usa-form maxw-full"
      aria-label="Return the recommendation"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">Recommended by {recommendation.recommendedBy.displayName}. The case is listed again for the officer.</p>
      <TextAreaField name="reason" label="Reason" rows={3} maxLength={2000} />
      <FormButtons submit={review.isPending ? "Returning…" : "Return"} onCancel={onCancel} />
    </Form>
  );
}
