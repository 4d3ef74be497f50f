import { useState } from "react";
import { Link } from "react-router";
import {
  enforcementDecisionLabels,
  mergeViolationsBody,
  newResponseBody,
  newViolationBody,
  type ResponseKind,
  responseDecisionBody,
  responseKindInfo,
  responseKinds,
  severityLabels,
  updateViolationBody,
  violationTypeLabels,
  violationTypes,
} from "../../../../shared/contract/violations";
import { CheckboxGroupField, Form, FormButtons, RadioGroupField, SelectField, TextAreaField, TextField } from "../../../components/form";
import { Button, Checkbox, ConfirmDialog, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, isInTheFuture, toLocalInput } from "../../../lib/datetime-input";
import { formatDate, formatDateTime } from "../../../lib/format";
import { hasRole, useAgencyToday, useSession } from "../../../lib/session";
import { levelLabels, riskLabels } from "../../../lib/supervision-labels";
import { Notice, noticeOf } from "../../appointments/components/notice";
import {
  type EnforcementDecision,
  useCaseViolations,
  useChooseResponse,
  useDecideResponse,
  useMergeViolations,
  useRecordViolation,
  useResponseDone,
  useUpdateViolation,
  type Violation,
  type ViolationResponse,
} from "../api/violations";
import { effectFor, ResponseEffectFields } from "./response-effect-fields";

const statusWords: Record<Violation["status"], string> = {
  open: "Open",
  addressed: "Addressed",
  referred: "Referred to the authority",
  withdrawn: "Withdrawn",
};

const responseStatusWords: Record<ViolationResponse["status"], string> = {
  awaiting_approval: "Awaiting a supervisor's approval",
  to_do: "To do",
  done: "Done",
  refused: "Refused",
  cancelled: "Cancelled",
};

/** The person page's section each kind of evidence is shown in. */
const evidenceSection: Record<string, { section: string; words: string }> = {
  drug_test: { section: "testing", words: "Drug test" },
  appointment: { section: "appointments", words: "Appointment" },
  contact: { section: "contacts", words: "Contact" },
  case_condition: { section: "conditions", words: "Condition" },
};

const eventWords = (kind: string | null) =>
  kind && kind in violationTypeLabels ? violationTypeLabels[kind as keyof typeof violationTypeLabels] : "Recorded by hand";

const responseLabel = (response: ResponseKind) => responseKindInfo[response].label;

type ResponseEffectInput = NonNullable<ViolationResponse["effect"]>;

/** What a response in effect did: the level it set, the curfew version, the letter to print; or what it will do once approved. */
function ResponseEffect({ response }: { response: ViolationResponse }) {
  const { applied, effect } = response;
  if (applied?.levelTo) {
    return (
      <p className="margin-y-0">
        Supervision level raised from {levelLabels[applied.levelFrom ?? applied.levelTo].toLowerCase()} to{" "}
        {levelLabels[applied.levelTo].toLowerCase()} (in the case's level history).
      </p>
    );
  }
  if (applied?.conditionId && effect?.curfew) {
    return (
      <p className="margin-y-0">
        Curfew condition from {effect.curfew.start} to {effect.curfew.end} added under <a href="#conditions">Conditions</a>.
      </p>
    );
  }
  if (applied?.letterId) {
    return (
      <p className="margin-y-0">
        <Link to={paths.warningLetter.getHref(applied.letterId)}>
          Warning letter<span className="usa-sr-only"> for the {responseLabel(response.response).toLowerCase()}</span>
        </Link>{" "}
        to print and give the person.
      </p>
    );
  }
  if (applied?.reportingRecorded) {
    return <p className="margin-y-0">Increased reporting recorded; the contact standards follow the level and are unchanged.</p>;
  }
  if (response.status === "awaiting_approval" && effect?.supervisionLevel) {
    return <p className="margin-y-0">Once approved: supervision level {levelLabels[effect.supervisionLevel].toLowerCase()}.</p>;
  }
  if (response.status === "awaiting_approval" && effect?.curfew) {
    return (
      <p className="margin-y-0">
        Once approved: a curfew from {effect.curfew.start} to {effect.curfew.end}.
      </p>
    );
  }
  return null;
}

/** The enforcement decision taken when the outcome that made the violation was recorded. */
function EnforcementDecisions({ decisions }: { decisions: EnforcementDecision[] }) {
  if (decisions.length === 0) return null;
  return (
    <ul className="usa-list usa-list--unstyled margin-bottom-1" data-testid="enforcement-decisions">
      {decisions.map((decision) => (
        <li key={decision.id} data-testid="enforcement-decision">
          <span className="text-bold">Enforcement decision: {enforcementDecisionLabels[decision.decision]}</span>
          {decision.explanationDueOn ? `, explanation due ${formatDate(decision.explanationDueOn)}` : ""}. Recorded with the outcome by{" "}
          {decision.decidedByName}, {formatDateTime(decision.decidedAt)}.
          {decision.reason ? <span className="display-block">Reason: {decision.reason}</span> : null}
        </li>
      ))}
    </ul>
  );
}

type Action =
  | { kind: "record" }
  | { kind: "respond"; violation: Violation }
  | { kind: "account"; violation: Violation }
  | { kind: "merge"; violation: Violation }
  | { kind: "close"; violation: Violation }
  | { kind: "approve" | "refuse" | "done"; violation: Violation; response: ViolationResponse };

/** The Violations and responses section of the person page. */
export function CaseViolations({ caseId, canRecord }: { caseId: string; canRecord: boolean }) {
  const violations = useCaseViolations(caseId);
  const { data: session } = useSession();
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  if (violations.isPending) return <Loading label="Loading violations…" />;
  if (violations.isError) return <ErrorAlert error={violations.error} />;
  const { riskLevel, riskLevelUsed } = violations.data;
  const list = violations.data.violations;
  const open = list.filter((violation) => violation.status === "open");
  const isSupervisor = hasRole(session, ["supervisor"]);
  const close = () => setAction(null);
  const finish = (text: string) => {
    close();
    setNotice(noticeOf(text));
  };

  return (
    <>
      <Notice message={notice} />
      <p className="margin-top-0">
        {riskLevel
          ? `Responses are chosen from the agency's matrix for the violation's severity at ${riskLabels[riskLevel].toLowerCase()} risk.`
          : `No risk level is recorded: the matrix's ${riskLabels[riskLevelUsed].toLowerCase()} risk column applies until one is.`}
      </p>
      {canRecord ? (
        <Button variant="outline" onClick={() => setAction({ kind: "record" })}>
          Record a violation
        </Button>
      ) : null}
      {list.length === 0 ? (
        <p>No violations recorded.</p>
      ) : (
        <ul className="usa-card-group" data-testid="violation-list">
          {list.map((violation) => (
            <li key={violation.id} className="usa-card grid-col-12 margin-bottom-2" data-testid="violation">
              <div className="usa-card__container margin-x-0">
                <div className="usa-card__header">
                  <h3 className="usa-card__heading font-heading-md">
                    {violationTypeLabels[violation.type]}, {formatDateTime(violation.occurredAt)}
                  </h3>
                </div>
                <div className="usa-card__body">
                  <ViolationFacts violation={violation} />
                  <EnforcementDecisions
                    decisions={violations.data.enforcementDecisions.filter((decision) => decision.violationId === violation.id)}
                  />
                  <ResponseList
                    violation={violation}
                    userId={session?.user.id ?? ""}
                    isSupervisor={isSupervisor}
                    canRecord={canRecord}
                    onAction={setAction}
                  />
                </div>
                {canRecord && violation.status !== "withdrawn" ? (
                  <div className="usa-card__footer">
                    <ul className="usa-list usa-list--unstyled display-flex flex-wrap" aria-label="Actions">
                      <ActionItem violation={violation} variant="primary" onClick={() => setAction({ kind: "respond", violation })}>
                        Choose a response
                      </ActionItem>
                      <ActionItem violation={violation} onClick={() => setAction({ kind: "account", violation })}>
                        Record the person's account
                      </ActionItem>
                      {violation.status === "open" ? (
                        <ActionItem violation={violation} onClick={() => setAction({ kind: "close", violation })}>
                          Close or withdraw
                        </ActionItem>
                      ) : null}
                      {violation.status === "open" && open.length > 1 ? (
                        <ActionItem violation={violation} onClick={() => setAction({ kind: "merge", violation })}>
                          Group others into this one
                        </ActionItem>
                      ) : null}
                    </ul>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {action?.kind === "record" ? (
        <Dialog title="Record a violation" onClose={close}>
          <RecordForm
            caseId={caseId}
            onSaved={(saved) => finish(`Violation recorded: ${violationTypeLabels[saved.type]}.`)}
            onCancel={close}
          />
        </Dialog>
      ) : null}
      {action?.kind === "respond" ? (
        <Dialog title="Choose a response" onClose={close}>
          <ResponseForm caseId={caseId} violation={action.violation} onSaved={(text) => finish(text)} onCancel={close} />
        </Dialog>
      ) : null}
      {action?.kind === "account" ? (
        <Dialog title="The person's account" onClose={close}>
          <AccountForm
            caseId={caseId}
            violation={action.violation}
            onSaved={() => finish("The person's account was saved.")}
            onCancel={close}
          />
        </Dialog>
      ) : null}
      {action?.kind === "merge" ? (
        <Dialog title="Group violations of one episode" onClose={close}>
          <MergeForm
            caseId={caseId}
            violation={action.violation}
            others={open.filter((other) => other.id !== action.violation.id)}
            onSaved={() => finish("The violations were grouped into one.")}
            onCancel={close}
          />
        </Dialog>
      ) : null}
      {action?.kind === "close" ? (
        <Dialog title="Close the violation" onClose={close}>
          <CloseForm
            caseId={caseId}
            violation={action.violation}
            onSaved={(status) => finish(status === "withdrawn" ? "The violation was withdrawn." : "The violation was closed as addressed.")}
            onCancel={close}
          />
        </Dialog>
      ) : null}
      {action?.kind === "approve" ? <ApproveDialog caseId={caseId} response={action.response} onDone={finish} onClose={close} /> : null}
      {action?.kind === "refuse" ? (
        <Dialog title="Refuse the response" onClose={close}>
          <RefuseForm caseId={caseId} response={action.response} onSaved={() => finish("The response was refused.")} onCancel={close} />
        </Dialog>
      ) : null}
      {action?.kind === "done" ? <DoneDialog caseId={caseId} response={action.response} onDone={finish} onClose={close} /> : null}
    </>
  );
}

/** One of a violation card's actions; screen readers hear which violation it acts on. */
function ActionItem({
  violation,
  variant = "outline",
  onClick,
  children,
}: {
  violation: Violation;
  variant?: "primary" | "outline";
  onClick: () => void;
  children: string;
}) {
  return (
    <li className="margin-right-1 margin-top-1">
      <Button variant={variant} onClick={onClick}>
        {children}
        <span className="usa-sr-only">: {violationTypeLabels[violation.type]}</span>
      </Button>
    </li>
  );
}

function ViolationFacts({ violation }: { violation: Violation }) {
  return (
    <dl className="waypoint-facts">
      <dt>Severity</dt>
      <dd>{severityLabels[violation.severity]}</dd>
      <dt>Status</dt>
      <dd>
        {statusWords[violation.status]}
        {violation.statusReason ? `: ${violation.statusReason}` : ""}
      </dd>
      <dt>Recorded</dt>
      <dd>{violation.recordedByName ? `By ${violation.recordedByName}` : "From the supervision record"}</dd>
      {violation.description ? (
        <>
          <dt>What happened</dt>
          <dd>{violation.description}</dd>
        </>
      ) : null}
      <dt>Evidence</dt>
      <dd>
        {violation.evidence.length === 0 ? (
          "None linked: recorded by hand"
        ) : (
          <ul className="usa-list margin-y-0">
            {violation.evidence.map((item) => {
              const where = evidenceSection[item.sourceType];
              return (
                <li key={`${item.sourceId}-${item.eventKind}`}>
                  {eventWords(item.eventKind)}, {formatDateTime(item.occurredAt)}
                  {where ? (
                    <>
                      {" "}
                      (
                      <a className="usa-link" href={`#${where.section}`}>
                        see the {where.words.toLowerCase()}
                      </a>
                      )
                    </>
                  ) : null}
                  {item.withdrawnAt
                    ? ` — withdrawn ${formatDateTime(item.withdrawnAt)}${item.withdrawnReason ? `: ${item.withdrawnReason}` : ""}`
                    : ""}
                </li>
              );
            })}
          </ul>
        )}
      </dd>
      <dt>The person's account</dt>
      <dd>{violation.personsAccount ?? "Not recorded yet"}</dd>
    </dl>
  );
}

function ResponseList({
  violation,
  userId,
  isSupervisor,
  canRecord,
  onAction,
}: {
  violation: Violation;
  userId: string;
  isSupervisor: boolean;
  canRecord: boolean;
  onAction: (action: Action) => void;
}) {
  if (violation.responses.length === 0) return <p className="margin-bottom-0">No response chosen yet.</p>;
  return (
    <>
      <h4 className="margin-bottom-1">Responses</h4>
      <ul className="usa-list usa-list--unstyled" data-testid="violation-responses">
        {violation.responses.map((response) => (
          <li
            key={response.id}
            className="margin-bottom-2 border-left-05 border-base-lighter padding-left-1"
            data-testid="violation-response"
          >
            <p className="margin-y-0 text-bold">
              {responseLabel(response.response)}
              {response.withinMatrix ? "" : " (departs from the matrix)"}
            </p>
            <p className="margin-y-0">
              {responseStatusWords[response.status]}
              {response.status === "to_do" || response.status === "awaiting_approval" ? `, due ${formatDate(response.dueOn)}` : ""}.
              Proposed by {response.proposedByName}, {formatDateTime(response.proposedAt)}.
            </p>
            {response.departureReason ? <p className="margin-y-0">Reason for departing: {response.departureReason}</p> : null}
            <ResponseEffect response={response} />
            {response.note ? <p className="margin-y-0">Note: {response.note}</p> : null}
            {response.decidedByName ? (
              <p className="margin-y-0">
                {response.status === "refused" ? "Refused" : "Approved"} by {response.decidedByName}, {formatDateTime(response.decidedAt)}
                {response.decisionReason ? `: ${response.decisionReason}` : ""}
              </p>
            ) : null}
            {response.completedAt ? (
              <p className="margin-y-0">
                Carried out {formatDateTime(response.completedAt)}
                {response.completionNote ? `: ${response.completionNote}` : ""}
              </p>
            ) : null}
            {response.status === "awaiting_approval" && isSupervisor ? (
              response.proposedById === userId ? (
                <p className="margin-y-0 text-italic">You proposed this response: another supervisor of the unit approves it.</p>
              ) : (
                <ul className="usa-list usa-list--unstyled display-flex flex-wrap" aria-label="Decision">
                  <li className="margin-right-1 margin-top-1">
                    <Button onClick={() => onAction({ kind: "approve", violation, response })}>
                      Approve<span className="usa-sr-only">: {responseLabel(response.response)}</span>
                    </Button>
                  </li>
                  <li className="margin-right-1 margin-top-1">
                    <Button variant="outline" onClick={() => onAction({ kind: "refuse", violation, response })}>
                      Refuse<span className="usa-sr-only">: {responseLabel(response.response)}</span>
                    </Button>
                  </li>
                </ul>
              )
            ) : null}
            {response.status === "to_do" && canRecord ? (
              <Button variant="outline" className="margin-top-1" onClick={() => onAction({ kind: "done", violation, response })}>
                Mark carried out<span className="usa-sr-only">: {responseLabel(response.response)}</span>
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

const typeOptions = violationTypes.map((type) => ({ value: type, label: violationTypeLabels[type] }));
const severityOptions = Object.entries(severityLabels).map(([value, label]) => ({ value, label }));

function RecordForm({ caseId, onSaved, onCancel }: { caseId: string; onSaved: (saved: Violation) => void; onCancel: () => void }) {
  const record = useRecordViolation(caseId);
  const form = useContractForm(newViolationBody, {
    defaultValues: { type: "", occurredAt: toLocalInput(new Date()), description: "", severity: "" } as never,
    toRequest: (values: { occurredAt?: unknown }) => ({ ...values, occurredAt: fromLocalInput(String(values.occurredAt ?? "")) }),
    check: (request) => (isInTheFuture(request.occurredAt) ? [{ field: "occurredAt", message: "It cannot be in the future" }] : []),
    messages: {
      type: "Choose the kind of violation",
      occurredAt: "Say when it happened, as a date and time",
      description: "Describe what happened",
    },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => onSaved(await record.mutateAsync(input))}
      className="usa-form maxw-full"
      aria-label="Record a violation"
      summaryHeadingLevel="h3"
    >
      <SelectField name="type" label="Kind of violation" options={typeOptions} placeholder="- Choose -" />
      <TextField name="occurredAt" label="When it happened" type="datetime-local" max={toLocalInput(new Date())} />
      <TextAreaField name="description" label="What happened" rows={3} maxLength={1000} />
      <SelectField
        name="severity"
        label="Severity"
        hint="Left as it is, the agency's severity for this kind applies."
        options={severityOptions}
        placeholder="The agency's severity"
      />
      <FormButtons submit={record.isPending ? "Recording…" : "Record violation"} onCancel={onCancel} />
    </Form>
  );
}

function ResponseForm({
  caseId,
  violation,
  onSaved,
  onCancel,
}: {
  caseId: string;
  violation: Violation;
  onSaved: (text: string) => void;
  onCancel: () => void;
}) {
  const choose = useChooseResponse(caseId, violation.id);
  const today = useAgencyToday();
  const [departing, setDeparting] = useState(violation.allowedResponses.length === 0);
  const outside = responseKinds.filter((kind) => !violation.allowedResponses.includes(kind));
  const form = useContractForm(newResponseBody, {
    defaultValues: {
      expectedVersion: violation.version,
      response: "",
      dueOn: today,
      departureReason: "",
      note: "",
      effect: { supervisionLevel: "", curfew: { start: "", end: "" } },
    } as never,
    // Only the chosen response's effect is sent (the level for a higher level, the hours for a curfew).
    toRequest: (values) => {
      const response = (values.response || undefined) as ResponseKind | undefined;
      const { effect, ...rest } = values as typeof values & { effect?: ResponseEffectInput };
      const chosen = effectFor(response, effect as never);
      return { ...rest, ...(chosen ? { effect: chosen } : {}) };
    },
    messages: {
      response: "Choose a response",
      dueOn: "Give the day it is due",
      departureReason: "Give the reason for departing from the matrix",
    },
    // The server refuses a departure without its reason too (400); saying so here saves the round trip.
    check: (request) =>
      departing && !request.departureReason ? [{ field: "departureReason", message: "Give the reason for departing from the matrix" }] : [],
    onReload: onCancel,
  });
  const toggle = (next: boolean) => {
    setDeparting(next);
    form.setValue("response" as never, "" as never);
  };
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        const { departureReason: _notDeparting, ...inTheCell } = input;
        const request = departing ? input : inTheCell;
        const saved = await choose.mutateAsync(request);
        const added = saved.responses.at(-1);
        onSaved(
          added?.status === "awaiting_approval"
            ? `${responseLabel(request.response)} proposed: it awaits a supervisor's approval.`
            : `${responseLabel(request.response)} chosen, due ${formatDate(request.dueOn)}.`,
        );
      }}
      className="usa-form maxw-full"
      aria-label="Choose a response"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        {violationTypeLabels[violation.type]}, {severityLabels[violation.severity].toLowerCase()} severity. Responses that go to the board
        or court need a supervisor's approval.
      </p>
      {departing ? (
        <>
          <SelectField
            name="response"
            label="Response outside the matrix"
            options={outside.map((kind) => ({ value: kind, label: responseLabel(kind) }))}
            placeholder="- Choose -"
          />
          <TextAreaField
            name="departureReason"
            label="Reason for departing from the matrix"
            hint="A supervisor other than you approves the departure."
            rows={3}
            maxLength={1000}
          />
        </>
      ) : (
        <RadioGroupField
          name="response"
          legend="Responses the matrix allows"
          options={violation.allowedResponses.map((kind) => ({
            value: kind,
            label: `${responseLabel(kind)}${responseKindInfo[kind].goesToAuthority ? " (needs a supervisor's approval)" : ""}`,
          }))}
        />
      )}
      {violation.allowedResponses.length > 0 && outside.length > 0 ? (
        <Checkbox
          label="Depart from the matrix (a supervisor approves)"
          checked={departing}
          onChange={(event) => toggle(event.target.checked)}
        />
      ) : null}
      <ResponseEffectFields prefix="effect." response={(form.watch("response" as never) as unknown as ResponseKind | "") || undefined} />
      <TextField name="dueOn" label="Due on" type="date" min={today} />
      <TextAreaField name="note" label="Note (optional)" rows={2} maxLength={1000} />
      <FormButtons submit={choose.isPending ? "Saving…" : departing ? "Propose the departure" : "Choose response"} onCancel={onCancel} />
    </Form>
  );
}

function AccountForm({
  caseId,
  violation,
  onSaved,
  onCancel,
}: {
  caseId: string;
  violation: Violation;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const update = useUpdateViolation(caseId, violation.id);
  const form = useContractForm(updateViolationBody, {
    defaultValues: { expectedVersion: violation.version, personsAccount: violation.personsAccount ?? "" } as never,
    messages: { personsAccount: "Keep the account under 4,000 characters" },
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await update.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="The person's account"
      summaryHeadingLevel="h3"
    >
      <TextAreaField
        name="personsAccount"
        label="What the person says happened"
        hint="In their words, as far as you can: it is weighed before a response is chosen."
        rows={5}
        maxLength={4000}
      />
      <FormButtons submit={update.isPending ? "Saving…" : "Save the account"} onCancel={onCancel} />
    </Form>
  );
}

function CloseForm({
  caseId,
  violation,
  onSaved,
  onCancel,
}: {
  caseId: string;
  violation: Violation;
  onSaved: (status: string) => void;
  onCancel: () => void;
}) {
  const update = useUpdateViolation(caseId, violation.id);
  const form = useContractForm(updateViolationBody, {
    defaultValues: { expectedVersion: violation.version, status: "", statusReason: "" } as never,
    messages: { status: "Choose how the violation is closed", statusReason: "Say why, in under 500 characters" },
    check: (request) =>
      !request.status
        ? [{ field: "status", message: "Choose how the violation is closed" }]
        : request.status === "withdrawn" && !request.statusReason
          ? [{ field: "statusReason", message: "Say why the violation is withdrawn" }]
          : [],
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await update.mutateAsync(input);
        onSaved(input.status ?? "");
      }}
      className="usa-form maxw-full"
      aria-label="Close the violation"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        {violationTypeLabels[violation.type]}, {formatDateTime(violation.occurredAt)}. Closing is final; responses not yet carried out are
        cancelled when it is withdrawn.
      </p>
      <RadioGroupField
        name="status"
        legend="How it is closed"
        options={[
          { value: "addressed", label: "Addressed: nothing more to do" },
          { value: "withdrawn", label: "Withdrawn: it did not happen, or should not stand" },
        ]}
      />
      <TextAreaField name="statusReason" label="Reason" hint="Required to withdraw." rows={3} maxLength={500} />
      <FormButtons submit={update.isPending ? "Closing…" : "Close the violation"} onCancel={onCancel} />
    </Form>
  );
}

function MergeForm({
  caseId,
  violation,
  others,
  onSaved,
  onCancel,
}: {
  caseId: string;
  violation: Violation;
  others: Violation[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const merge = useMergeViolations(caseId, violation.id);
  const form = useContractForm(mergeViolationsBody, {
    defaultValues: { expectedVersion: violation.version, violationIds: [] } as never,
    messages: { violationIds: "Choose the violations to group into this one" },
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await merge.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Group violations"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        Into: {violationTypeLabels[violation.type]}, {formatDateTime(violation.occurredAt)}. The violations chosen become part of it (their
        evidence and responses move to it) and are closed as grouped.
      </p>
      <CheckboxGroupField
        name="violationIds"
        legend="Violations of the same episode"
        options={others.map((other) => ({
          value: other.id,
          label: `${violationTypeLabels[other.type]}, ${formatDateTime(other.occurredAt)}`,
        }))}
      />
      <FormButtons submit={merge.isPending ? "Grouping…" : "Group into this violation"} onCancel={onCancel} />
    </Form>
  );
}

function ApproveDialog({
  caseId,
  response,
  onDone,
  onClose,
}: {
  caseId: string;
  response: ViolationResponse;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const decide = useDecideResponse(caseId, response.id);
  return (
    <ConfirmDialog
      title="Approve the response?"
      confirmLabel="Approve"
      pending={decide.isPending}
      error={decide.error}
      onConfirm={async () => {
        await decide.mutateAsync({ decision: "approved" });
        onDone(`${responseLabel(response.response)} approved.`);
      }}
      onClose={onClose}
    >
      <p>
        {responseLabel(response.response)}, proposed by {response.proposedByName}
        {response.departureReason ? ` outside the matrix: ${response.departureReason}` : ""}. Once approved it is the officer's to carry out
        by {formatDate(response.dueOn)}
        {responseKindInfo[response.response].goesToAuthority ? ", and the violation is referred to the authority" : ""}.
      </p>
    </ConfirmDialog>
  );
}

function RefuseForm({
  caseId,
  response,
  onSaved,
  onCancel,
}: {
  caseId: string;
  response: ViolationResponse;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const decide = useDecideResponse(caseId, response.id);
  const form = useContractForm(responseDecisionBody, {
    defaultValues: { decision: "refused", reason: "" } as never,
    check: (request) => (request.reason ? [] : [{ field: "reason", message: "Say why the response is refused" }]),
    messages: { reason: "Say why the response is refused" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await decide.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Refuse the response"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        {responseLabel(response.response)}, proposed by {response.proposedByName}. Refusing is final; the officer chooses another response.
      </p>
      <TextAreaField name="reason" label="Reason" rows={3} maxLength={1000} />
      <FormButtons submit={decide.isPending ? "Refusing…" : "Refuse the response"} onCancel={onCancel} />
    </Form>
  );
}

function DoneDialog({
  caseId,
  response,
  onDone,
  onClose,
}: {
  caseId: string;
  response: ViolationResponse;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const done = useResponseDone(caseId, response.id);
  return (
    <ConfirmDialog
      title="Mark the response carried out?"
      confirmLabel="Mark carried out"
      pending={done.isPending}
      error={done.error}
      onConfirm={async () => {
        await done.mutateAsync({});
        onDone(`${responseLabel(response.response)} carried out.`);
      }}
      onClose={onClose}
    >
      <p>{responseLabel(response.response)}: its task closes, and a violation with nothing else to do is addressed. This is final.</p>
    </ConfirmDialog>
  );
}
