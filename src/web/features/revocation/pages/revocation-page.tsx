import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import {
  type RevocationRecommendation,
  recommendationWords,
  revocationDecisionBody,
  revocationRecommendationKinds,
  revocationTitle,
  updateRevocationBody,
} from "../../../../shared/contract/revocation";
import { Form, FormButtons, RadioGroupField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useAgencyToday, useSession } from "../../../lib/session";
import { Notice, noticeOf } from "../../appointments/components/notice";
import { useDecideRevocation, useRevocation, useSubmitRevocation, useUpdateRevocation } from "../api/revocation";
import { HistoryList, RiskText, ViolationsList } from "../components/revocation-parts";
import { revocationStatusWords } from "../components/revocation-section";

/** The file is the officer's to edit while a draft, and after an emergency warrant until it is completed. */
const fileOpen = (record: RevocationRecommendation) =>
  record.status === "draft" || (record.emergencyAuthorised && record.fileCompletedAt === null);

/** A revocation (recall) recommendation: the officer's file, its submission, and the supervisor's discussion and decision. */
export function RevocationPage() {
  const { id = "" } = useParams();
  const record = useRevocation(id);
  const { data: session } = useSession();
  const [action, setAction] = useState<"submit" | "decide" | null>(null);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  usePageTitle("Revocation recommendation");
  if (record.isPending) return <Loading label="Loading the recommendation…" />;
  if (record.isError) return <ErrorAlert error={record.error} />;
  const data = record.data;
  const own = data.createdById === session?.user.id;
  // Only the author edits and submits the file (policy rule revocation.author); the deciders read it.
  const canEdit = own && fileOpen(data);
  const canDecide = hasRole(session, ["supervisor"]) && !own && data.status === "awaiting_decision";
  const finish = (text: string) => {
    setAction(null);
    setNotice(noticeOf(text));
  };
  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to={`${paths.people.person.getHref(data.personId)}#revocation`}>
          Back to {data.personName}
        </Link>
      </p>
      <h1>
        {data.emergency ? "Emergency: " : ""}
        {revocationTitle(data.authority)}
      </h1>
      <Notice message={notice} />
      <dl className="waypoint-facts">
        <dt>Person</dt>
        <dd>
          {data.personName} (case {data.caseNumber})
        </dd>
        <dt>Goes to</dt>
        <dd>{data.authorityName}</dd>
        <dt>Status</dt>
        <dd data-testid="revocation-status">{revocationStatusWords[data.status]}</dd>
        <dt>Started</dt>
        <dd>
          {data.createdByName}, {formatDateTime(data.createdAt)}
        </dd>
      </dl>
      {data.emergency ? (
        <Alert type="error" slim>
          Immediate risk: {data.emergencyReason}
          {data.decideBy && data.status === "awaiting_decision" ? ` To be decided by ${formatDateTime(data.decideBy)}.` : ""}
        </Alert>
      ) : null}
      {data.emergencyAuthorised && !data.fileCompletedAt && data.fileDueOn ? (
        <Alert type="warning" slim>
          Emergency warrant requested: complete the facts, the alternatives tried and the recommendation by {formatDate(data.fileDueOn)},
          then submit the completed file.
        </Alert>
      ) : null}
      {data.status === "referred" ? (
        <p>
          <Link className="usa-button" to={paths.revocationDocument.getHref(data.id)}>
            Open the recommendation document
          </Link>
        </p>
      ) : null}
      {data.status === "no_revocation" ? (
        <p>
          <Link className="usa-button" to={paths.revocationLetter.getHref(data.id)}>
            Open the letter to the person
          </Link>
        </p>
      ) : null}

      <h2>Violations</h2>
      <ViolationsList record={data} />
      {canEdit ? (
        <FileForm record={data} onSaved={() => setNotice(noticeOf("The file is saved."))} />
      ) : (
        <>
          <h2>Facts</h2>
          <p className="text-pre-wrap">{data.facts ?? "Not written yet."}</p>
          <h2>Why the alternatives tried were not enough</h2>
          <p className="text-pre-wrap">{data.alternativesNote ?? "Not written yet."}</p>
          <h2>Officer's recommendation</h2>
          <p>{data.recommendation ? recommendationWords(data.recommendation, data.authority) : "Not chosen yet."}</p>
        </>
      )}
      {canEdit ? (
        <p>
          <Button onClick={() => setAction("submit")}>
            {data.status === "draft" ? "Submit to a supervisor" : "Submit the completed file"}
          </Button>
        </p>
      ) : null}
      <h2>Responses and alternatives tried</h2>
      <HistoryList record={data} />
      <h2>Current risk</h2>
      <RiskText record={data} />

      <h2>Supervisor's discussion and decision</h2>
      {data.discussion ? (
        <dl className="waypoint-facts">
          <dt>Discussed on</dt>
          <dd>{formatDate(data.discussion.discussedOn)}</dd>
          <dt>With</dt>
          <dd>{data.discussion.discussedWith}</dd>
          <dt>Notes</dt>
          <dd className="text-pre-wrap">{data.discussion.notes}</dd>
          <dt>Decided by</dt>
          <dd>
            {data.decidedByName}, {formatDateTime(data.decidedAt)}
          </dd>
          {data.decisionReason ? (
            <>
              <dt>Reason</dt>
              <dd className="text-pre-wrap">{data.decisionReason}</dd>
            </>
          ) : null}
        </dl>
      ) : data.status === "awaiting_decision" ? (
        <p>{own ? "You wrote this recommendation: another supervisor of the unit decides it." : "Not decided yet."}</p>
      ) : (
        <p>Not submitted yet.</p>
      )}
      {canDecide ? <Button onClick={() => setAction("decide")}>Record the discussion and decide</Button> : null}

      {action === "submit" ? <SubmitDialog record={data} onDone={finish} onClose={() => setAction(null)} /> : null}
      {action === "decide" ? (
        <Dialog title="Record the discussion and decide" onClose={() => setAction(null)}>
          <DecisionForm record={data} onDone={finish} onCancel={() => setAction(null)} />
        </Dialog>
      ) : null}
    </>
  );
}

function FileForm({ record, onSaved }: { record: RevocationRecommendation; onSaved: () => void }) {
  const update = useUpdateRevocation(record.id);
  const form = useContractForm(updateRevocationBody, {
    defaultValues: {
      expectedVersion: record.version,
      facts: record.facts ?? "",
      alternativesNote: record.alternativesNote ?? "",
      recommendation: record.recommendation ?? "",
    },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        const saved = await update.mutateAsync(input);
        form.reset({
          expectedVersion: saved.version,
          facts: saved.facts ?? "",
          alternativesNote: saved.alternativesNote ?? "",
          recommendation: saved.recommendation ?? "",
        });
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="The revocation file"
    >
      <TextAreaField
        name="facts"
        label="Facts"
        hint="Drafted from the violations: say what happened, when, and the evidence"
        rows={8}
        maxLength={8000}
      />
      <TextAreaField
        name="alternativesNote"
        label="Why the responses and alternatives tried were not enough"
        hint="The responses, incentives and referrals of the case are listed below"
        rows={4}
        maxLength={4000}
      />
      <RadioGroupField
        name="recommendation"
        legend="Your recommendation"
        options={revocationRecommendationKinds.map((kind) => ({ value: kind, label: recommendationWords(kind, record.authority) }))}
      />
      <SubmitButton>{update.isPending ? "Saving…" : "Save the file"}</SubmitButton>
    </Form>
  );
}

function SubmitDialog({
  record,
  onDone,
  onClose,
}: {
  record: RevocationRecommendation;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const submit = useSubmitRevocation(record.id);
  const completing = record.status !== "draft";
  return (
    <ConfirmDialog
      title={completing ? "Submit the completed file?" : "Submit the recommendation to a supervisor?"}
      confirmLabel="Submit"
      pending={submit.isPending}
      error={submit.error}
      onConfirm={async () => {
        await submit.mutateAsync({ expectedVersion: record.version });
        onDone(completing ? "The completed file is submitted." : "Submitted: a supervisor of the unit decides it.");
      }}
      onClose={onClose}
    >
      <p>
        {record.emergency && !completing
          ? "The unit's supervisors are told at once and decide within hours. Complete the file afterwards if they request a warrant."
          : "The file as saved is submitted and can no longer be changed. Save your changes first."}
      </p>
    </ConfirmDialog>
  );
}

function DecisionForm({
  record,
  onDone,
  onCancel,
}: {
  record: RevocationRecommendation;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const decide = useDecideRevocation(record.id);
  const today = useAgencyToday();
  const form = useContractForm(revocationDecisionBody, {
    defaultValues: {
      decision: "",
      discussedOn: today,
      discussedWith: "",
      discussionNotes: "",
      reason: "",
      instructions: "",
    },
  });
  const decision = form.watch("decision");
  const who = record.authority === "parole_board" ? "the parole board" : "the court";
  const options = [
    ...(record.recommendation && record.recommendation !== "no_revocation"
      ? [
          {
            value: "refer",
            label: `Approve: the recommendation goes to ${who} (${recommendationWords(record.recommendation, record.authority)})`,
          },
        ]
      : []),
    { value: "no_revocation", label: "No revocation: a letter tells the person what they must do now" },
    ...(record.emergency ? [{ value: "emergency_warrant", label: "Authorise an emergency detention or warrant request now" }] : []),
  ];
  // The decision is final: the first press asks for confirmation, naming what will happen; any change asks again.
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    const subscription = form.watch(() => setConfirming(false));
    return () => subscription.unsubscribe();
  }, [form]);
  const chosen = options.find((option) => option.value === decision);
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        if (!confirming) {
          setConfirming(true);
          return;
        }
        await decide.mutateAsync(input);
        onDone(
          input.decision === "no_revocation"
            ? "Decided: no revocation. The letter to the person is ready."
            : input.decision === "emergency_warrant"
              ? "Emergency warrant request authorised. The officer completes the file within three working days."
              : `Decided: it goes to ${who}. The document is ready.`,
        );
      }}
      className="usa-form maxw-full"
      aria-label="Record the discussion and decide"
      summaryHeadingLevel="h3"
    >
      <TextField name="discussedOn" label="Day of the discussion with the officer" type="date" max={today} />
      <TextField name="discussedWith" label="Who took part" maxLength={300} />
      <TextAreaField name="discussionNotes" label="Notes of the discussion" rows={4} maxLength={4000} />
      <RadioGroupField name="decision" legend="Decision" options={options} />
      <TextAreaField
        name="reason"
        label="Reason"
        hint={decision === "no_revocation" ? "Required: why not" : "Optional"}
        rows={3}
        maxLength={2000}
      />
      {decision === "no_revocation" ? (
        <TextAreaField
          name="instructions"
          label="What the person must do now"
          hint="In plain words, for the letter: what, when and where"
          rows={3}
          maxLength={2000}
        />
      ) : null}
      {confirming && chosen ? (
        <div className="usa-alert usa-alert--warning usa-alert--slim" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{chosen.label}. This decision is final: confirm it to record it, or change the form.</p>
          </div>
        </div>
      ) : (
        <p>This decision is final: you are asked to confirm it before it is recorded.</p>
      )}
      <FormButtons submit={decide.isPending ? "Deciding…" : confirming ? "Confirm the decision" : "Decide"} onCancel={onCancel} />
    </Form>
  );
}
