import { type ReactNode, useId, useMemo, useRef, useState } from "react";
import { z } from "zod";
import {
  attachConditionBody,
  type ConditionKind,
  complianceBody,
  conditionParameters,
  endConditionBody,
  modificationRequestBody,
  modifyConditionBody,
} from "../../../../shared/contract/conditions";
import { Form, SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, Dialog, ErrorAlert, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatConditionParameters, formatDate, formatDateTime } from "../../../lib/format";
import { useAgencyToday, useSession } from "../../../lib/session";
import { complianceLabels } from "../../../lib/supervision-labels";
import {
  type ConditionType,
  type ModificationRequest,
  type RequestStatus,
  useAttachCondition,
  useConditionCatalogue,
  useEndCondition,
  useModificationRequests,
  useModifyCondition,
  useMoveModificationRequest,
  useRefresh,
  useRequestModification,
  useSetCompliance,
} from "../api/conditions";
import type { PersonRecord } from "../api/people";
import { inFormOrder, ParameterFields, parameterDefaults, parametersFromForm } from "./conditions-parameters";

type Case = PersonRecord["cases"][number];
type Condition = Case["conditions"][number];

export const requestStatusLabels: Record<RequestStatus, string> = {
  drafted: "Draft, not yet submitted",
  submitted: "Submitted, awaiting a decision",
  granted: "Granted",
  denied: "Denied",
};

/** A confirmation asked before a final step: resolves true when the user confirms. */
function useConfirm() {
  const [asking, setAsking] = useState<{ title: string; body: ReactNode; confirm: string } | null>(null);
  const answer = useRef<(yes: boolean) => void>(() => {});
  const ask = (title: string, body: ReactNode, confirm: string) =>
    new Promise<boolean>((resolve) => {
      answer.current = (yes) => {
        setAsking(null);
        resolve(yes);
      };
      setAsking({ title, body, confirm });
    });
  const dialog = asking ? (
    <ConfirmDialog
      title={asking.title}
      confirmLabel={asking.confirm}
      cancelLabel="Go back"
      onConfirm={async () => answer.current(true)}
      onClose={() => answer.current(false)}
    >
      {asking.body}
    </ConfirmDialog>
  ) : null;
  return { ask, dialog };
}

/** The versions of a condition, oldest first, ending with the given one. */
function versionsOf(condition: Condition, all: Condition[]): Condition[] {
  const chain = [condition];
  for (let previous = condition.supersedes; previous; ) {
    const found = all.find((candidate) => candidate.id === previous);
    if (!found) break;
    chain.unshift(found);
    previous = found.supersedes;
  }
  return chain;
}

const describeCondition = (condition: Condition) => {
  const parameters = formatConditionParameters(inFormOrder(condition.kind, condition.parameters));
  return parameters === "—" ? condition.title : `${condition.title} (${parameters})`;
};

type Action = "version" | "end" | "compliance" | "request";
const actionTitles: Record<Action, string> = {
  version: "Record a new version",
  end: "End the condition",
  compliance: "Set compliance",
  request: "Request a modification",
};

/** Officers and supervisors keep a case's conditions up to date, and move modification requests to a decision. */
export function ConditionsEditor({ current, personId }: { current: Case; personId: string }) {
  const today = useAgencyToday();
  // Versions still in force (or yet to start): not replaced, not ended before today.
  const active = current.conditions.filter(
    (condition) => !condition.supersededBy && (!condition.effectiveTo || condition.effectiveTo >= today),
  );
  const [selectedId, setSelectedId] = useState("");
  const [action, setAction] = useState<Action | "add" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const selected = active.find((condition) => condition.id === selectedId);
  const selectId = useId();
  const finish = (message: string) => {
    setAction(null);
    setDone(message);
  };
  const open = (next: Action | "add") => {
    setDone(null);
    setAction(next);
  };

  return (
    <div className="margin-top-3">
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      <Button variant="outline" onClick={() => open("add")}>
        Add a condition
      </Button>
      <h3>Change a condition</h3>
      <label className="usa-label" htmlFor={selectId}>
        Condition
      </label>
      <select id={selectId} className="usa-select" value={selectedId} onChange={(event) => setSelectedId(event.target.value)}>
        <option value="">- Select a current condition -</option>
        {active.map((condition) => (
          <option key={condition.id} value={condition.id}>
            {describeCondition(condition)}
          </option>
        ))}
      </select>
      {selected ? (
        <>
          <VersionHistory versions={versionsOf(selected, current.conditions)} />
          <ul className="usa-list usa-list--unstyled display-flex flex-wrap" aria-label={`Actions on ${selected.title}`}>
            {(Object.keys(actionTitles) as Action[]).map((key) => (
              <li key={key} className="margin-right-1 margin-bottom-1">
                <Button variant="outline" onClick={() => open(key)}>
                  {actionTitles[key]}
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {action === "add" ? (
        <Dialog title="Add a condition" onClose={() => setAction(null)}>
          <AddCondition current={current} personId={personId} onDone={finish} />
        </Dialog>
      ) : selected && action ? (
        <Dialog title={`${actionTitles[action]}: ${selected.title}`} onClose={() => setAction(null)}>
          {action === "version" ? (
            <NewVersionForm condition={selected} personId={personId} onDone={finish} />
          ) : action === "end" ? (
            <EndConditionForm condition={selected} personId={personId} onDone={finish} />
          ) : action === "compliance" ? (
            <ComplianceForm condition={selected} personId={personId} onDone={finish} />
          ) : (
            <RequestForm current={current} condition={selected} personId={personId} onDone={finish} />
          )}
        </Dialog>
      ) : null}
      <ModificationRequests current={current} personId={personId} />
    </div>
  );
}

function VersionHistory({ versions }: { versions: Condition[] }) {
  return (
    <Table caption="Versions of this condition, oldest first">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Parameters</th>
          <th scope="col">In force</th>
          <th scope="col">Ordered by</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version, index) => (
          <tr key={version.id}>
            <th scope="row">{index + 1}</th>
            <td>{formatConditionParameters(inFormOrder(version.kind, version.parameters))}</td>
            <td>
              {formatDate(version.effectiveFrom)} – {version.effectiveTo ? formatDate(version.effectiveTo) : "now"}
            </td>
            <td>{version.orderedBy}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

type FormProps = { condition: Condition; personId: string; onDone: (message: string) => void };

function AddCondition({ current, personId, onDone }: { current: Case; personId: string; onDone: (message: string) => void }) {
  const catalogue = useConditionCatalogue();
  const [typeId, setTypeId] = useState("");
  const selectId = useId();
  const type = catalogue.data?.find((entry) => entry.id === typeId);
  return (
    <>
      <ErrorAlert error={catalogue.error} />
      <label className="usa-label" htmlFor={selectId}>
        Condition from the agency's catalogue
      </label>
      <select id={selectId} className="usa-select" value={typeId} onChange={(event) => setTypeId(event.target.value)}>
        <option value="">- Select -</option>
        {(catalogue.data ?? []).map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.title}
          </option>
        ))}
      </select>
      {type ? <AttachForm key={type.id} type={type} current={current} personId={personId} onDone={onDone} /> : null}
    </>
  );
}

function AttachForm({
  type,
  current,
  personId,
  onDone,
}: {
  type: ConditionType;
  current: Case;
  personId: string;
  onDone: (message: string) => void;
}) {
  const attach = useAttachCondition(current.id, personId);
  const today = useAgencyToday();
  const [schema] = useState(() => attachConditionBody.extend({ parameters: conditionParameters[type.kind] }));
  const form = useContractForm(schema as unknown as typeof attachConditionBody, {
    defaultValues: {
      parameters: parameterDefaults(type.kind),
      effectiveFrom: today,
      effectiveTo: "",
      orderedBy: current.authorityName,
    } as never,
    toRequest: (values) => ({
      ...values,
      conditionTypeId: type.id,
      parameters: parametersFromForm(type.kind, values.parameters as Record<string, unknown>),
    }),
    messages: { effectiveFrom: "Enter the date the condition takes effect", orderedBy: "Enter who ordered the condition" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (request) => {
        await attach.mutateAsync(request);
        onDone(`${type.title} added from ${formatDate(request.effectiveFrom)}.`);
      }}
      aria-label={`Add ${type.title}`}
      summaryHeadingLevel="h3"
    >
      {type.description ? <p className="usa-hint">{type.description}</p> : null}
      <ParameterFields kind={type.kind} prefix="parameters" />
      <TextField name="effectiveFrom" label="In force from" type="date" />
      <TextField name="effectiveTo" label="In force until (optional)" type="date" />
      <TextField name="orderedBy" label="Ordered by" hint="The court or the parole board" />
      <SubmitButton className="margin-top-2">Add condition</SubmitButton>
    </Form>
  );
}

function NewVersionForm({ condition, personId, onDone }: FormProps) {
  const modify = useModifyCondition(personId);
  const refresh = useRefresh(personId);
  const [schema] = useState(() => modifyConditionBody.extend({ parameters: conditionParameters[condition.kind] }));
  const form = useContractForm(schema as unknown as typeof modifyConditionBody, {
    defaultValues: {
      parameters: parameterDefaults(condition.kind, condition.parameters),
      effectiveFrom: "",
      effectiveTo: condition.effectiveTo ?? "",
      orderedBy: condition.orderedBy,
    } as never,
    toRequest: (values) => ({ ...values, parameters: parametersFromForm(condition.kind, values.parameters as Record<string, unknown>) }),
    messages: { effectiveFrom: "Enter the date the new version takes effect", orderedBy: "Enter who ordered the change" },
    // After a conflict (a new version recorded meanwhile, named in the summary): the conditions as they are now.
    onReload: refresh,
  });
  return (
    <Form
      form={form}
      onSubmit={async (request) => {
        await modify.mutateAsync({ ...request, conditionId: condition.id });
        onDone(
          `New version of ${condition.title} in force from ${formatDate(request.effectiveFrom)}; the earlier version is kept in its history.`,
        );
      }}
      aria-label="New version of the condition"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">The current version ends the day before the new one takes effect.</p>
      <ParameterFields kind={condition.kind} prefix="parameters" />
      <TextField name="effectiveFrom" label="New version in force from" type="date" />
      <TextField name="effectiveTo" label="In force until (optional)" type="date" />
      <TextField name="orderedBy" label="Ordered by" />
      <SubmitButton className="margin-top-2">Record new version</SubmitButton>
    </Form>
  );
}

function EndConditionForm({ condition, personId, onDone }: FormProps) {
  const end = useEndCondition(personId);
  const refresh = useRefresh(personId);
  const today = useAgencyToday();
  const { ask, dialog } = useConfirm();
  const form = useContractForm(endConditionBody, {
    defaultValues: { effectiveTo: today, reason: "" },
    messages: { effectiveTo: "Enter the last day the condition is in force", reason: "Enter why the condition ends" },
    onReload: refresh,
  });
  return (
    <>
      <Form
        form={form}
        onSubmit={async (request) => {
          const confirmed = await ask(
            "End this condition?",
            <p>
              {describeCondition(condition)} will be in force until {formatDate(request.effectiveTo)} and then end. This cannot be undone.
            </p>,
            "End condition",
          );
          if (!confirmed) return;
          await end.mutateAsync({ ...request, conditionId: condition.id });
          onDone(`${condition.title} ends after ${formatDate(request.effectiveTo)}.`);
        }}
        aria-label="End the condition"
        summaryHeadingLevel="h3"
      >
        <TextField name="effectiveTo" label="Last day in force" type="date" />
        <TextAreaField name="reason" label="Reason" rows={3} />
        <SubmitButton className="margin-top-2">End condition</SubmitButton>
      </Form>
      {dialog}
    </>
  );
}

function ComplianceForm({ condition, personId, onDone }: FormProps) {
  const setCompliance = useSetCompliance(personId);
  const form = useContractForm(complianceBody, { defaultValues: { compliance: condition.compliance } });
  return (
    <Form
      form={form}
      onSubmit={async (request) => {
        await setCompliance.mutateAsync({ conditionId: condition.id, compliance: request.compliance });
        onDone(`${condition.title}: ${complianceLabels[request.compliance].toLowerCase()}.`);
      }}
      aria-label="Compliance"
      summaryHeadingLevel="h3"
    >
      <SelectField
        name="compliance"
        label="Compliance"
        options={Object.entries(complianceLabels).map(([value, label]) => ({ value, label }))}
      />
      <SubmitButton className="margin-top-2">Save compliance</SubmitButton>
    </Form>
  );
}

const requestChangeSchema = z.enum(["change", "end"]);

function RequestForm({ current, condition, personId, onDone }: FormProps & { current: Case }) {
  const [change, setChange] = useState<z.infer<typeof requestChangeSchema>>("change");
  const authority = current.supervisionType === "parole" ? "the parole board" : "the court";
  const radioName = useId();
  return (
    <>
      <p className="margin-top-0">
        A request is a draft until you submit it; a supervisor then records {authority}'s decision. A granted change applies from the day it
        is granted.
      </p>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">What to ask for</legend>
        {requestChangeSchema.options.map((value) => (
          <div className="usa-radio" key={value}>
            <input
              className="usa-radio__input"
              id={`${radioName}-${value}`}
              type="radio"
              name={radioName}
              value={value}
              checked={change === value}
              onChange={() => setChange(value)}
            />
            <label className="usa-radio__label" htmlFor={`${radioName}-${value}`}>
              {value === "change" ? "Change its parameters" : "End it"}
            </label>
          </div>
        ))}
      </fieldset>
      <RequestDraftForm key={change} change={change} condition={condition} current={current} personId={personId} onDone={onDone} />
    </>
  );
}

function RequestDraftForm({ change, condition, current, personId, onDone }: FormProps & { current: Case; change: "change" | "end" }) {
  const request = useRequestModification(current.id, personId);
  const kind: ConditionKind = change === "end" ? "standard" : condition.kind;
  const [schema] = useState(() => modificationRequestBody.extend({ proposedParameters: conditionParameters[kind] }));
  const form = useContractForm(schema as unknown as typeof modificationRequestBody, {
    defaultValues: { proposedParameters: parameterDefaults(kind, condition.parameters), justification: "" } as never,
    toRequest: (values) => ({
      ...values,
      conditionId: condition.id,
      conditionTypeId: condition.conditionTypeId,
      change,
      proposedParameters: parametersFromForm(kind, values.proposedParameters as Record<string, unknown>),
    }),
    messages: { justification: "Enter why the change is needed" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (body) => {
        await request.mutateAsync(body);
        onDone(`Request to ${change === "end" ? "end" : "change"} ${condition.title} saved as a draft. Submit it when it is ready.`);
      }}
      aria-label="Modification request"
      summaryHeadingLevel="h3"
    >
      {change === "change" ? <ParameterFields kind={kind} prefix="proposedParameters" /> : null}
      <TextAreaField name="justification" label="Justification" rows={4} />
      <SubmitButton className="margin-top-2">Save draft request</SubmitButton>
    </Form>
  );
}

/** The case's requests, newest first: officers submit drafts; a supervisor (not the requester) grants or denies. */
function ModificationRequests({ current, personId }: { current: Case; personId: string }) {
  const requests = useModificationRequests(current.id);
  const move = useMoveModificationRequest(personId);
  const session = useSession();
  const user = session.data?.user;
  const { ask, dialog } = useConfirm();
  const [message, setMessage] = useState<string | null>(null);
  const authority = current.supervisionType === "parole" ? "parole board" : "court";
  const conditionsById = useMemo(() => new Map(current.conditions.map((condition) => [condition.id, condition])), [current.conditions]);

  const whatIsAsked = (request: ModificationRequest) => {
    const condition = request.conditionId ? conditionsById.get(request.conditionId) : undefined;
    const proposed = formatConditionParameters(inFormOrder(request.kind, request.proposedParameters));
    if (request.change === "end") return `End ${request.conditionTitle}`;
    const now = condition ? ` (now: ${formatConditionParameters(inFormOrder(condition.kind, condition.parameters))})` : "";
    return `${request.change === "add" ? "Add" : "Change"} ${request.conditionTitle}: ${proposed}${request.change === "change" ? now : ""}`;
  };

  const moveOn = async (request: ModificationRequest, status: RequestStatus) => {
    setMessage(null);
    const wording = {
      submitted: { title: "Submit this request?", confirm: "Submit request", after: "submitted; a supervisor will record the decision" },
      granted: { title: "Grant this request?", confirm: "Grant request", after: "granted; the change applies from today" },
      denied: { title: "Deny this request?", confirm: "Deny request", after: "denied" },
      drafted: { title: "", confirm: "", after: "" },
    }[status];
    const confirmed = await ask(
      wording.title,
      <>
        <p>{whatIsAsked(request)}.</p>
        <p>
          {status === "submitted"
            ? `Once submitted, the request can no longer be edited; it goes to a supervisor for the ${authority}'s decision.`
            : status === "granted"
              ? "Granting applies the change to the condition from today. This is final."
              : "Denying leaves the condition as it is. This is final."}
        </p>
      </>,
      wording.confirm,
    );
    if (!confirmed) return;
    // A refusal (say, decided meanwhile by another supervisor) is shown by the alert above the table, in the server's words.
    await move.mutateAsync({ requestId: request.id, status }).then(
      () => setMessage(`Request ${wording.after}.`),
      () => undefined,
    );
  };

  const mayDecide = (request: ModificationRequest) =>
    request.status === "submitted" && !!user && user.roles.includes("supervisor") && user.id !== request.createdBy;

  return (
    <>
      <h3>Modification requests</h3>
      <p className="usa-hint">Requests to the {authority} to add, change or end a condition.</p>
      {message ? (
        <Alert type="success" slim role="status">
          {message}
        </Alert>
      ) : null}
      <ErrorAlert error={requests.error ?? move.error} />
      {requests.data && requests.data.length > 0 ? (
        <Table caption="Modification requests, newest first" captionHidden>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Justification</th>
              <th scope="col">Raised</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {requests.data.map((request) => (
              <tr key={request.id}>
                <th scope="row">{whatIsAsked(request)}</th>
                <td>{request.justification}</td>
                <td>
                  {formatDateTime(request.createdAt)} by {request.createdByName}
                </td>
                <td>
                  {requestStatusLabels[request.status]}
                  {request.decidedAt ? ` on ${formatDateTime(request.decidedAt)}` : ""}
                  {request.decidedByName ? ` by ${request.decidedByName}` : ""}
                </td>
                <td>
                  {request.status === "drafted" ? (
                    <Button variant="outline" onClick={() => moveOn(request, "submitted")}>
                      Submit<span className="usa-sr-only"> the request: {whatIsAsked(request)}</span>
                    </Button>
                  ) : mayDecide(request) ? (
                    <div className="display-flex flex-wrap">
                      <Button onClick={() => moveOn(request, "granted")}>
                        Grant<span className="usa-sr-only"> the request: {whatIsAsked(request)}</span>
                      </Button>
                      <Button variant="outline" onClick={() => moveOn(request, "denied")}>
                        Deny<span className="usa-sr-only"> the request: {whatIsAsked(request)}</span>
                      </Button>
                    </div>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : requests.data ? (
        <p>No modification requests.</p>
      ) : null}
      {dialog}
    </>
  );
}
