import { useState } from "react";
import { Alert, Button, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { formatDate, formatDateTime } from "../../../lib/format";
import { type CasePlan, type CasePlanOverview, useCasePlan, useStepStatus } from "../api/case-plans";
import { AgreementForm, agreementText } from "./agreement-form";
import { InterviewNoteForm } from "./interview-note-form";
import { PlanBuilder } from "./plan-builder";

type Goal = CasePlan["goals"][number];
type Step = Goal["steps"][number];

const ownerText = (step: Step) =>
  step.owner === "provider" ? `Provider: ${step.providerName ?? "not named"}` : step.owner === "officer" ? "Officer" : "Supervisee";

/**
 * The person page's Case plan section: the needs and strengths the plan is built from, the active plan's goals with
 * their objectives, steps (marked done here) and progress, the supervisee's agreement, and the earlier versions.
 */
export function CasePlanSection({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const overview = useCasePlan(caseId);
  const [building, setBuilding] = useState<"new" | "review" | null>(null);
  const [dialog, setDialog] = useState<"agreement" | "interview" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (overview.isPending) return <Loading label="Loading the case plan…" />;
  if (overview.isError) return <ErrorAlert error={overview.error} />;
  const { active, earlier, buildFrom, reviewDue } = overview.data;
  const done = (text: string) => {
    setBuilding(null);
    setDialog(null);
    setMessage(text);
  };

  return (
    <div data-testid="case-plan">
      {message ? (
        <Alert type="success" slim>
          {message}
        </Alert>
      ) : null}
      <BuildFrom buildFrom={buildFrom} />
      {reviewDue && !building ? (
        <Alert type="warning" slim role="status">
          A newer assessment was completed than the one this plan was built from: review the plan against its needs.
        </Alert>
      ) : null}
      {building ? (
        <PlanBuilder
          caseId={caseId}
          buildFrom={buildFrom}
          reviewing={building === "review" ? active : null}
          onSaved={() =>
            done(building === "review" ? "The plan was reviewed: the new version is now the plan." : "The case plan was saved.")
          }
          onCancel={() => setBuilding(null)}
        />
      ) : active ? (
        <>
          <ActivePlan caseId={caseId} plan={active} canEdit={canEdit} />
          {canEdit ? (
            <ul className="usa-button-group margin-top-2">
              <li className="usa-button-group__item">
                <Button variant="outline" onClick={() => setDialog("agreement")}>
                  Record the supervisee's agreement
                </Button>
              </li>
              <li className="usa-button-group__item">
                <Button variant="outline" onClick={() => setDialog("interview")}>
                  Record a motivational interview
                </Button>
              </li>
              <li className="usa-button-group__item">
                <Button variant="outline" onClick={() => setBuilding("review")}>
                  Review the plan
                </Button>
              </li>
            </ul>
          ) : null}
        </>
      ) : (
        <>
          <p>This case has no plan yet.</p>
          {canEdit ? (
            <Button onClick={() => setBuilding("new")}>
              {buildFrom && buildFrom.needs.length > 0 ? "Build the plan from these needs" : "Write a plan"}
            </Button>
          ) : null}
        </>
      )}
      {earlier.length > 0 ? (
        <details className="margin-top-3">
          <summary>Earlier versions ({earlier.length}), kept read-only</summary>
          {earlier.map((plan) => (
            <div key={plan.id} className="margin-top-2 padding-left-2 border-left-05 border-base-lighter">
              <PlanSummary plan={plan} />
              {plan.goals.map((goal) => (
                <GoalCard key={goal.id} goal={goal} />
              ))}
            </div>
          ))}
        </details>
      ) : null}
      {dialog === "agreement" && active ? (
        <Dialog title="The supervisee's agreement" onClose={() => setDialog(null)}>
          <AgreementForm
            caseId={caseId}
            plan={active}
            onSaved={() => done("The supervisee's agreement was recorded.")}
            onCancel={() => setDialog(null)}
          />
        </Dialog>
      ) : null}
      {dialog === "interview" && active ? (
        <Dialog title="Motivational interview" onClose={() => setDialog(null)}>
          <InterviewNoteForm
            caseId={caseId}
            plan={active}
            onSaved={() => done("The motivational interview was saved as a draft note; sign it under Notes.")}
            onCancel={() => setDialog(null)}
          />
        </Dialog>
      ) : null}
    </div>
  );
}

function BuildFrom({ buildFrom }: { buildFrom: CasePlanOverview["buildFrom"] }) {
  if (!buildFrom) {
    return <p>No completed assessment yet: a plan can still be written, but its goals are not linked to assessed needs.</p>;
  }
  return (
    <div className="margin-bottom-2">
      <p className="margin-bottom-1">
        From the {buildFrom.instrumentTitle} completed {formatDateTime(buildFrom.completedAt)}:
      </p>
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <h3 className="margin-y-1 font-sans-sm">Top needs</h3>
          {buildFrom.needs.length > 0 ? (
            <ol className="usa-list margin-top-0" aria-label="Top needs">
              {buildFrom.needs.map((need) => (
                <li key={need.domain}>
                  {need.title} ({need.score} of {need.max})
                </li>
              ))}
            </ol>
          ) : (
            <p className="margin-top-0">No need flagged.</p>
          )}
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <h3 className="margin-y-1 font-sans-sm">Strengths</h3>
          {buildFrom.strengths.length > 0 ? (
            <ul className="usa-list margin-top-0" aria-label="Strengths">
              {buildFrom.strengths.map((strength) => (
                <li key={strength.domain}>{strength.title}</li>
              ))}
            </ul>
          ) : (
            <p className="margin-top-0">No strength flagged.</p>
          )}
        </div>
      </div>
    </div>
  );
}

function PlanSummary({ plan }: { plan: CasePlan }) {
  return (
    <p className="margin-y-1">
      <strong>Version {plan.planNumber}</strong>, made by {plan.createdBy.displayName} on {formatDateTime(plan.createdAt)}
      {plan.supersededAt ? `, replaced on ${formatDateTime(plan.supersededAt)}` : ""}
      {plan.reviewReason ? `. Review: ${plan.reviewReason}` : ""}. {agreementText(plan)}
    </p>
  );
}

function ActivePlan({ caseId, plan, canEdit }: { caseId: string; plan: CasePlan; canEdit: boolean }) {
  const change = useStepStatus(caseId, plan.id);
  return (
    <>
      <PlanSummary plan={plan} />
      <ErrorAlert error={change.error} />
      {plan.goals.map((goal) => (
        <GoalCard
          key={goal.id}
          goal={goal}
          onStep={
            canEdit
              ? (step) =>
                  change.mutate({ stepId: step.id, status: step.status === "done" ? "open" : "done", expectedVersion: plan.version })
              : undefined
          }
          pending={change.isPending}
        />
      ))}
    </>
  );
}

function GoalCard({ goal, onStep, pending }: { goal: Goal; onStep?: ((step: Step) => void) | undefined; pending?: boolean }) {
  const { done, total } = goal.progress;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <section className="usa-card margin-bottom-2" aria-label={`Goal: ${goal.title}`} data-testid="plan-goal">
      <div className="usa-card__container margin-x-0">
        <div className="usa-card__header">
          <h3 className="usa-card__heading">
            {goal.title}
            {goal.completedAt ? <span className="usa-tag bg-green margin-left-1">Goal met</span> : null}
          </h3>
          <p className="margin-y-05 font-sans-3xs">
            {goal.need ? `Need: ${goal.need.title}` : "The person's own goal"}
            {goal.strengths.length > 0 ? ` · Builds on: ${goal.strengths.map((strength) => strength.title).join(", ")}` : ""}
          </p>
        </div>
        <div className="usa-card__body">
          <p className="margin-y-05" data-testid="goal-progress">
            Progress: {done} of {total} {total === 1 ? "step" : "steps"} done ({percent}%)
          </p>
          <progress className="width-full" max={total || 1} value={done} aria-label={`Progress of the goal ${goal.title}`}>
            {percent}%
          </progress>
          <p className="margin-y-1 text-bold">Objectives</p>
          <ul className="usa-list margin-top-0">
            {goal.objectives.map((objective) => (
              <li key={objective.id}>
                {objective.description} — measured by {objective.measure}, by {formatDate(objective.targetDate)}
              </li>
            ))}
          </ul>
          <p className="margin-y-1 text-bold">Steps</p>
          <ul className="usa-list usa-list--unstyled">
            {goal.steps.map((step) => (
              <li key={step.id} className="margin-bottom-1 display-flex flex-wrap flex-align-center" data-testid="plan-step">
                <span className="margin-right-1">
                  {step.status === "done" ? (
                    <span className="usa-tag bg-green">Done</span>
                  ) : (
                    <span className="usa-tag bg-base-dark">Open</span>
                  )}
                </span>
                <span className="margin-right-1">
                  {step.description} — {ownerText(step)}
                  {step.dueOn ? `, due ${formatDate(step.dueOn)}` : ""}
                  {step.status === "done" && step.doneAt ? ` (done ${formatDateTime(step.doneAt)})` : ""}
                </span>
                {onStep ? (
                  <Button
                    variant={step.status === "done" ? "unstyled" : "outline"}
                    className="width-auto"
                    pending={pending}
                    onClick={() => onStep(step)}
                  >
                    {step.status === "done" ? "Open again" : "Mark done"}
                    <span className="usa-sr-only">: {step.description}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
