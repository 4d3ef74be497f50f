import { useState } from "react";
import { overrideDecisionBody, overrideRequestBody } from "../../../../shared/contract/assessments";
import { Form, FormButtons, SelectField, TextAreaField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, Dialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateTime } from "../../../lib/format";
import { hasRole, useAgencyToday, useSession } from "../../../lib/session";
import { levelLabels, type SupervisionLevel } from "../../../lib/supervision-labels";
import {
  type Assessment,
  type AssessmentOverride,
  type CaseAssessments,
  useAssessment,
  useCaseAssessments,
  useDecideOverride,
  useInstrument,
  useRequestOverride,
  useStartAssessment,
} from "../api/assessments";
import { AssessmentForm } from "./assessment-form";
import { AssessmentResult, ScoreChart } from "./assessment-result";

type Summary = CaseAssessments["assessments"][number];

const overrideStatusWords: Record<AssessmentOverride["status"], string> = {
  requested: "Awaiting a supervisor's decision",
  approved: "Approved",
  denied: "Denied",
};

/**
 * The person page's Assessments section: when the next one is due, the scores over time, every assessment (who, when,
 * instrument, total, category), starting or continuing one on a form built from its instrument, the result of a
 * completed one, and overrides of the level it set (asked by an officer, decided by another supervisor).
 */
export function CaseAssessmentsSection({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const section = useCaseAssessments(caseId);
  const today = useAgencyToday();
  const start = useStartAssessment(caseId);
  const [openId, setOpenId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (section.isPending) return <Loading label="Loading assessments…" />;
  if (section.isError) return <ErrorAlert error={section.error} />;
  const { assessments, overrides, instruments, reassessmentDueOn } = section.data;
  const latestCompleted = assessments.find((entry) => entry.status === "completed" && entry.instrument.purpose === "risk_needs");

  return (
    <>
      {reassessmentDueOn ? (
        <Alert type={reassessmentDueOn < today ? "warning" : "info"} slim role="status">
          {reassessmentDueOn < today
            ? `An assessment has been due since ${formatDate(reassessmentDueOn)}.`
            : `Next assessment due ${formatDate(reassessmentDueOn)}.`}
        </Alert>
      ) : null}
      <div role="status">
        {message ? (
          <Alert type="success" slim>
            {message}
          </Alert>
        ) : null}
      </div>
      {canEdit ? (
        <ul className="usa-button-group margin-top-2" aria-label="Start an assessment">
          {instruments.map((instrument) => (
            <li key={instrument.id} className="usa-button-group__item">
              <Button
                variant="outline"
                pending={start.isPending}
                onClick={async () => {
                  const started = await start.mutateAsync(instrument.id);
                  setMessage(null);
                  setOpenId(started.id);
                }}
              >
                Start {instrument.title}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorAlert error={start.error} />
      <ScoreChart assessments={assessments} />
      {assessments.length === 0 ? (
        <p>No assessment yet.</p>
      ) : (
        <Table caption="Assessments of this case, newest first">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Instrument</th>
              <th scope="col">Total</th>
              <th scope="col">Category</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="usa-sr-only">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {assessments.map((entry) => (
              <AssessmentRow
                key={entry.id}
                entry={entry}
                open={openId === entry.id}
                onOpen={() => setOpenId(openId === entry.id ? null : entry.id)}
              />
            ))}
          </tbody>
        </Table>
      )}
      {openId ? (
        <OpenAssessment
          key={openId}
          caseId={caseId}
          assessmentId={openId}
          canEdit={canEdit}
          canOverride={
            canEdit &&
            latestCompleted?.id === openId &&
            !overrides.some((entry) => entry.assessmentId === openId && entry.status === "requested")
          }
          onCompleted={(completed) =>
            setMessage(
              `Assessment completed: ${completed.score.category?.label ?? ""}, total ${completed.score.total}${
                completed.supervisionLevel ? `; supervision level ${levelLabels[completed.supervisionLevel].toLowerCase()}` : ""
              }.`,
            )
          }
        />
      ) : null}
      {overrides.length > 0 ? <Overrides caseId={caseId} overrides={overrides} /> : null}
    </>
  );
}

function AssessmentRow({ entry, open, onOpen }: { entry: Summary; open: boolean; onOpen: () => void }) {
  const when = entry.completedAt ?? entry.startedAt;
  return (
    <tr>
      <td>{formatDateTime(when)}</td>
      <td>{entry.instrument.title}</td>
      <td>{entry.status === "completed" ? entry.total : "In progress"}</td>
      <td>{entry.category?.label ?? "—"}</td>
      <td>{(entry.completedBy ?? entry.startedBy).displayName}</td>
      <td>
        <Button variant="unstyled" aria-expanded={open} onClick={onOpen}>
          {open ? "Close" : entry.status === "completed" ? "View" : "Continue"}
          <span className="usa-sr-only">
            : {entry.instrument.title} of {formatDateTime(when)}
          </span>
        </Button>
      </td>
    </tr>
  );
}

function OpenAssessment({
  caseId,
  assessmentId,
  canEdit,
  canOverride,
  onCompleted,
}: {
  caseId: string;
  assessmentId: string;
  canEdit: boolean;
  canOverride: boolean;
  onCompleted: (completed: Assessment) => void;
}) {
  const assessment = useAssessment(assessmentId);
  const instrument = useInstrument(assessment.data?.instrument.id, assessment.data?.instrument.version);
  const [overriding, setOverriding] = useState(false);
  if (assessment.isError) return <ErrorAlert error={assessment.error} />;
  if (instrument.isError) return <ErrorAlert error={instrument.error} />;
  if (!assessment.data || !instrument.data) return <Loading label="Loading the assessment…" />;
  const current = assessment.data;
  return (
    <section aria-labelledby={`assessment-${current.id}`} className="margin-top-3 border-top-1px border-base-lighter padding-top-2">
      <h3 id={`assessment-${current.id}`}>
        {instrument.data.title} of {formatDateTime(current.completedAt ?? current.startedAt)}
      </h3>
      <p className="usa-hint">{instrument.data.description}</p>
      {current.status === "completed" ? (
        <>
          <AssessmentResult assessment={current} instrument={instrument.data} />
          {canOverride && current.supervisionLevel ? (
            <Button variant="outline" className="margin-top-2" onClick={() => setOverriding(true)}>
              Ask for another supervision level
            </Button>
          ) : null}
          {overriding && current.supervisionLevel ? (
            <OverrideRequestDialog caseId={caseId} assessment={current} onClose={() => setOverriding(false)} />
          ) : null}
        </>
      ) : canEdit ? (
        <AssessmentForm caseId={caseId} assessment={current} instrument={instrument.data} onCompleted={onCompleted} />
      ) : (
        <p>In progress, started by {current.startedBy.displayName}.</p>
      )}
    </section>
  );
}

function OverrideRequestDialog({ caseId, assessment, onClose }: { caseId: string; assessment: Assessment; onClose: () => void }) {
  const request = useRequestOverride(caseId, assessment.id);
  const assessed = assessment.supervisionLevel as SupervisionLevel;
  const form = useContractForm(overrideRequestBody, {
    defaultValues: { supervisionLevel: "" as never, reason: "" },
    messages: { supervisionLevel: "Choose the level you ask for", reason: "Give the reason for the override" },
  });
  const options = (Object.keys(levelLabels) as SupervisionLevel[])
    .filter((level) => level !== assessed)
    .map((level) => ({ value: level, label: levelLabels[level] }));
  return (
    <Dialog title="Ask for another supervision level" onClose={onClose}>
      <p className="margin-top-0">
        The assessment sets {levelLabels[assessed].toLowerCase()} supervision. A supervisor of the unit, not you, approves or denies your
        request; the level changes only once it is approved.
      </p>
      <Form
        form={form}
        onSubmit={async (input) => {
          await request.mutateAsync(input);
          onClose();
        }}
        className="usa-form maxw-full"
        aria-label="Ask for another supervision level"
        summaryHeadingLevel="h3"
      >
        <SelectField name="supervisionLevel" label="Level asked for" options={options} placeholder="- Select -" />
        <TextAreaField name="reason" label="Reason" hint="What the assessment does not capture" rows={4} maxLength={1000} />
        <FormButtons submit={request.isPending ? "Sending…" : "Send request"} onCancel={onClose} />
      </Form>
    </Dialog>
  );
}

function Overrides({ caseId, overrides }: { caseId: string; overrides: AssessmentOverride[] }) {
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  return (
    <>
      <h3>Level overrides</h3>
      <ul className="usa-list usa-list--unstyled">
        {overrides.map((entry) => (
          <li key={entry.id} className="border-1px border-base-lighter padding-2 margin-bottom-2 radius-md">
            <p className="margin-top-0">
              <strong>
                {levelLabels[entry.assessedLevel]} → {levelLabels[entry.requestedLevel]}
              </strong>
              : {overrideStatusWords[entry.status]}
            </p>
            <p>
              Asked by {entry.requestedBy.displayName} on {formatDateTime(entry.requestedAt)}: {entry.reason}
            </p>
            {entry.decidedBy ? (
              <p>
                {overrideStatusWords[entry.status]} by {entry.decidedBy.displayName} on {formatDateTime(entry.decidedAt)}
                {entry.decisionReason ? `: ${entry.decisionReason}` : "."}
              </p>
            ) : null}
            {entry.status === "requested" && isSupervisor ? (
              entry.requestedBy.id === session?.user.id ? (
                <p className="usa-hint">You asked for this override: another supervisor of the unit decides it.</p>
              ) : (
                <OverrideDecision caseId={caseId} entry={entry} />
              )
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function OverrideDecision({ caseId, entry }: { caseId: string; entry: AssessmentOverride }) {
  const decide = useDecideOverride(caseId, entry.id);
  const [action, setAction] = useState<"approve" | "deny" | null>(null);
  const form = useContractForm(overrideDecisionBody, {
    defaultValues: { decision: "denied", reason: "" },
    messages: { reason: "Give the reason for denying the override" },
    check: (request) => (request.reason ? [] : [{ field: "reason", message: "Give the reason for denying the override" }]),
  });
  const requested = levelLabels[entry.requestedLevel].toLowerCase();
  return (
    <>
      <ul className="usa-button-group">
        <li className="usa-button-group__item">
          <Button onClick={() => setAction("approve")}>
            Approve<span className="usa-sr-only"> the override to {requested}</span>
          </Button>
        </li>
        <li className="usa-button-group__item">
          <Button variant="outline" onClick={() => setAction("deny")}>
            Deny<span className="usa-sr-only"> the override to {requested}</span>
          </Button>
        </li>
      </ul>
      {action === "approve" ? (
        <ConfirmDialog
          title="Approve the override?"
          confirmLabel="Approve override"
          pending={decide.isPending}
          error={decide.error}
          onConfirm={async () => {
            await decide.mutateAsync({ decision: "approved" });
          }}
          onClose={() => setAction(null)}
        >
          <p>
            The case will be supervised at {requested} level from today, and its contact standards follow from that level. The next
            assessment is due by the new level.
          </p>
        </ConfirmDialog>
      ) : action === "deny" ? (
        <Dialog title="Deny the override" onClose={() => setAction(null)}>
          <Form
            form={form}
            onSubmit={async (input) => {
              await decide.mutateAsync(input);
              setAction(null);
            }}
            className="usa-form maxw-full"
            aria-label="Deny the override"
            summaryHeadingLevel="h3"
          >
            <p>Denying is final: the level stays as the assessment set it. Your reason is kept with the request.</p>
            <TextAreaField name="reason" label="Reason" rows={3} maxLength={1000} />
            <FormButtons submit={decide.isPending ? "Denying…" : "Deny override"} onCancel={() => setAction(null)} />
          </Form>
        </Dialog>
      ) : null}
    </>
  );
}
