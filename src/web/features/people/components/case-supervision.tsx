import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { z } from "zod";
import { type caseChange, caseUpdateBody, type closureReason, coOfficerBody } from "../../../../shared/contract/cases";
import { CheckboxGroupField, Form, SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { type FormIssue, useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateTime } from "../../../lib/format";
import { useUnitOfficers } from "../../../lib/officers";
import { personKeys } from "../../../lib/query-keys";
import { type CaseloadTag, levelLabels, riskLabels, statusLabels, tagLabels } from "../../../lib/supervision-labels";
import { type CaseUpdate, useSetCoOfficer, useUpdateCase } from "../api/case-supervision";
import type { PersonRecord } from "../api/people";

type Case = PersonRecord["cases"][number];
type Change = z.infer<typeof caseChange>;
type ClosureReason = z.infer<typeof closureReason>;

export const closureReasonLabels: Record<ClosureReason, string> = {
  successful_completion: "Successful completion",
  early_discharge: "Early discharge",
  revoked: "Revoked",
  absconded: "Absconded",
  deceased: "Deceased",
  transferred: "Transferred to another jurisdiction",
};

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

const changeFieldLabels: Record<Change["field"], string> = {
  supervision_level: "Supervision level",
  risk_level: "Risk level",
  status: "Status",
  tags: "Tags",
};

/** A history value in words: the stored codes (tags as a comma-separated list) through the labels. */
function changeValue(field: Change["field"], value: string | null): string {
  if (field === "tags") {
    const tags = (value ?? "").split(",").filter(Boolean) as CaseloadTag[];
    return tags.length > 0 ? tags.map((tag) => tagLabels[tag] ?? tag).join(", ") : "None";
  }
  if (value === null || value === "") return field === "risk_level" ? "Not assessed" : "None";
  const labels: Record<string, string> = field === "supervision_level" ? levelLabels : field === "risk_level" ? riskLabels : statusLabels;
  return labels[value] ?? value;
}

/** One edit (its rows share who, when and the reason), newest first as the API lists them. */
function groupChanges(changes: Change[]): { key: string; by: string | null; at: string; reason: string; rows: Change[] }[] {
  const groups: { key: string; by: string | null; at: string; reason: string; rows: Change[] }[] = [];
  for (const change of changes) {
    const last = groups[groups.length - 1];
    if (last && last.at === change.changedAt && last.by === change.changedBy && last.reason === change.reason) last.rows.push(change);
    else
      groups.push({
        key: `${change.changedAt}-${groups.length}`,
        by: change.changedBy,
        at: change.changedAt,
        reason: change.reason,
        rows: [change],
      });
  }
  return groups;
}

type Props = {
  current: Case;
  personId: string;
  /** Officers on the case and the unit's supervisors (case.write): level, risk, status and tags of an open case. */
  canEdit: boolean;
  /** Supervisors of the case's unit (case.transfer): add and remove co-officers. */
  canManageCoOfficers: boolean;
};

/** Supervision level, risk, status and tags with their change history, and the case's co-officers. */
export function CaseSupervision({ current, personId, canEdit, canManageCoOfficers }: Props) {
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {canEdit && !editing ? (
        <Button
          variant="outline"
          onClick={() => {
            setDone(null);
            setEditing(true);
          }}
        >
          Edit supervision
        </Button>
      ) : null}
      {canEdit && editing ? (
        // A new version of the case (saved here or reloaded after a conflict) starts the form from its values.
        <SupervisionForm
          key={`${current.id}-${current.version}`}
          current={current}
          personId={personId}
          onCancel={() => setEditing(false)}
          onSaved={(message) => {
            setEditing(false);
            setDone(message);
          }}
        />
      ) : null}
      <ChangeHistory changes={current.changes} />
      <CoOfficers current={current} personId={personId} canManage={canManageCoOfficers} />
    </>
  );
}

type SupervisionFormProps = { current: Case; personId: string; onCancel: () => void; onSaved: (message: string) => void };

function SupervisionForm({ current, personId, onCancel, onSaved }: SupervisionFormProps) {
  const queryClient = useQueryClient();
  const update = useUpdateCase(current.id, personId);
  const [confirming, setConfirming] = useState<CaseUpdate | null>(null);
  // Closing is final: the first submit asks, the confirmed one sends.
  const closeConfirmed = useRef(false);
  const sameTags = (tags: readonly string[]) => [...tags].sort().join(",") === [...current.tags].sort().join(",");

  const form = useContractForm(caseUpdateBody, {
    defaultValues: {
      supervisionLevel: current.supervisionLevel,
      riskLevel: current.riskLevel ?? "",
      status: current.status,
      closureReason: "",
      actualEnd: "",
      tags: current.tags,
      reason: "",
      expectedVersion: current.version,
    },
    messages: {
      reason: "Give the reason for the change (at most 500 characters)",
      closureReason: "Choose why the case is closed",
      actualEnd: "Enter the date supervision ended",
    },
    // Only what changed is sent, so the history and the audit name exactly the fields the officer changed.
    toRequest: (values) => {
      const request: Record<string, unknown> = { expectedVersion: values.expectedVersion, reason: values.reason };
      if (values.supervisionLevel !== current.supervisionLevel) request.supervisionLevel = values.supervisionLevel;
      if ((values.riskLevel || null) !== current.riskLevel) request.riskLevel = values.riskLevel;
      if (values.status !== current.status) request.status = values.status;
      if (values.status === "closed") Object.assign(request, { closureReason: values.closureReason, actualEnd: values.actualEnd });
      const tags = (values.tags ?? []) as string[];
      if (!sameTags(tags)) request.tags = tags;
      return request;
    },
    check: (request) => {
      const issues: FormIssue[] = [];
      const changed = ["supervisionLevel", "riskLevel", "status", "tags"].some((field) => field in request);
      if (!changed) issues.push({ field: "supervisionLevel", message: "Change the level, risk, status or tags, or cancel" });
      else if (!request.reason)
        issues.push({ field: "reason", message: "Give the reason for the change; it is kept in the case's history" });
      if (request.status === "closed") {
        if (!request.closureReason) issues.push({ field: "closureReason", message: "Choose why the case is closed" });
        if (!request.actualEnd) issues.push({ field: "actualEnd", message: "Enter the date supervision ended" });
      }
      return issues;
    },
    onReload: () => queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
  });
  const closing = form.watch("status") === "closed";

  const send = async (request: CaseUpdate) => {
    if (request.status === "closed" && !closeConfirmed.current) {
      setConfirming(request);
      return;
    }
    closeConfirmed.current = false;
    await update.mutateAsync(request);
    const what = [
      request.supervisionLevel ? `level ${levelLabels[request.supervisionLevel].toLowerCase()}` : null,
      request.riskLevel !== undefined ? `risk ${request.riskLevel ? riskLabels[request.riskLevel].toLowerCase() : "not assessed"}` : null,
      request.status ? `status ${statusLabels[request.status].toLowerCase()}` : null,
      request.tags ? "tags updated" : null,
    ].filter(Boolean);
    onSaved(`Case ${current.caseNumber} saved: ${what.join(", ")}.`);
  };

  return (
    <>
      <Form form={form} onSubmit={send} aria-label="Edit supervision" summaryHeadingLevel="h3">
        <SelectField name="supervisionLevel" label="Supervision level" options={options(levelLabels)} />
        <SelectField name="riskLevel" label="Risk level" placeholder="Not assessed" options={options(riskLabels)} />
        <SelectField
          name="status"
          label="Status"
          hint="Closing the case is final: it cannot be reopened here."
          options={options(statusLabels)}
        />
        {closing ? (
          <>
            <SelectField name="closureReason" label="Why the case is closed" placeholder options={options(closureReasonLabels)} />
            <TextField
              name="actualEnd"
              label="Date supervision ended"
              type="date"
              min={current.supervisionStart}
              hint={`On or after the supervision start, ${formatDate(current.supervisionStart)}.`}
            />
          </>
        ) : null}
        <CheckboxGroupField name="tags" legend="Tags" options={options(tagLabels)} />
        <TextAreaField name="reason" label="Reason for the change" hint="Kept in the case's history with the change." rows={3} />
        <div className="display-flex flex-wrap margin-top-2">
          <SubmitButton className="margin-right-1">Save changes</SubmitButton>
          <Button variant="unstyled" className="margin-top-1" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </Form>
      {confirming ? (
        <Dialog title="Close this case?" onClose={() => setConfirming(null)}>
          <p className="margin-top-0">
            Closing case {current.caseNumber} is final: it leaves the caseload and its contact standards end. It cannot be reopened here.
          </p>
          <dl aria-label="The closure">
            <dt className="text-bold">Why</dt>
            <dd className="margin-left-0 margin-bottom-1">
              {confirming.closureReason ? closureReasonLabels[confirming.closureReason] : "—"}
            </dd>
            <dt className="text-bold">Supervision ended</dt>
            <dd className="margin-left-0 margin-bottom-1">{formatDate(confirming.actualEnd)}</dd>
            <dt className="text-bold">Reason</dt>
            <dd className="margin-left-0 margin-bottom-1">{confirming.reason}</dd>
          </dl>
          <ul className="usa-button-group">
            <li className="usa-button-group__item">
              <Button
                variant="secondary"
                pending={update.isPending}
                onClick={() => {
                  closeConfirmed.current = true;
                  setConfirming(null);
                  void form.submitWith(send)();
                }}
              >
                Close the case
              </Button>
            </li>
            <li className="usa-button-group__item">
              <Button variant="unstyled" className="padding-105 text-center" onClick={() => setConfirming(null)}>
                Keep it open
              </Button>
            </li>
          </ul>
        </Dialog>
      ) : null}
    </>
  );
}

function ChangeHistory({ changes }: { changes: Change[] }) {
  const groups = groupChanges(changes);
  return (
    <>
      <h3>Change history</h3>
      {groups.length === 0 ? (
        <p>No changes of level, risk, status or tags yet.</p>
      ) : (
        <ol className="usa-list usa-list--unstyled" aria-label="Changes of level, risk, status and tags, newest first">
          {groups.map((group) => (
            <li key={group.key} className="border-bottom-1px border-base-lighter padding-y-1" data-case-change>
              <p className="margin-y-0 text-bold">
                {formatDateTime(group.at)}, {group.by ?? "a former user"}
              </p>
              <ul className="usa-list margin-y-05">
                {group.rows.map((row) => (
                  <li key={row.field}>
                    {changeFieldLabels[row.field]}: {changeValue(row.field, row.oldValue)} <span aria-hidden="true">→</span>
                    <span className="usa-sr-only"> to </span> {changeValue(row.field, row.newValue)}
                  </li>
                ))}
              </ul>
              <p className="margin-y-0">Reason: {group.reason}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function CoOfficers({ current, personId, canManage }: { current: Case; personId: string; canManage: boolean }) {
  const change = useSetCoOfficer(current.id, personId);
  const [removing, setRemoving] = useState<{ id: string; displayName: string } | null>(null);
  // A notice of this page's own change, shown while the case stays at the version that change made: once someone
  // else changes the case (a transfer ends the co-officers), "X is now a co-officer" would contradict the list.
  const [notice, setNotice] = useState<{ text: string; version: number } | null>(null);
  const done = notice && current.version <= notice.version ? notice.text : null;
  const setDone = (text: string | null, sentVersion = current.version) => setNotice(text ? { text, version: sentVersion + 1 } : null);
  return (
    <>
      <h3>Co-officers</h3>
      <p className="margin-top-0">Supervising officer: {current.officer.displayName}. Co-officers share the case and its access.</p>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {!removing ? <ErrorAlert error={change.error} /> : null}
      {current.coOfficers.length === 0 ? (
        <p>No co-officers.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" aria-label="Co-officers of this case">
          {current.coOfficers.map((officer) => (
            <li key={officer.id} className="display-flex flex-align-center flex-wrap margin-bottom-1">
              <span className="margin-right-2">{officer.displayName}</span>
              {canManage ? (
                <Button
                  variant="outline"
                  className="margin-top-0"
                  onClick={() => {
                    change.reset();
                    setDone(null);
                    setRemoving(officer);
                  }}
                >
                  Remove<span className="usa-sr-only"> {officer.displayName}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.displayName}?`}
          confirmLabel="Remove co-officer"
          cancelLabel="Keep"
          destructive
          pending={change.isPending}
          error={change.error}
          onConfirm={async () => {
            const sent = current.version;
            await change.mutateAsync({ officerId: removing.id, present: false, expectedVersion: sent });
            setDone(`${removing.displayName} is no longer a co-officer.`, sent);
          }}
          onClose={() => {
            // A refusal was read in the dialog; the list behind it has reloaded.
            change.reset();
            setRemoving(null);
          }}
        >
          <p className="margin-top-0">
            {removing.displayName} will no longer share case {current.caseNumber}: it leaves their caseload and they lose access to it.
          </p>
        </ConfirmDialog>
      ) : null}
      {canManage ? <AddCoOfficer current={current} personId={personId} onAdded={setDone} /> : null}
    </>
  );
}

type AddCoOfficerProps = { current: Case; personId: string; onAdded: (message: string, sentVersion: number) => void };

function AddCoOfficer({ current, personId, onAdded }: AddCoOfficerProps) {
  const queryClient = useQueryClient();
  const officers = useUnitOfficers(true);
  const change = useSetCoOfficer(current.id, personId);
  // The case's version as shown when the form is sent: a change made meanwhile by someone else is a 409.
  const version = useRef(current.version);
  version.current = current.version;
  const form = useContractForm(coOfficerBody, {
    defaultValues: { officerId: "" },
    messages: { officerId: "Choose the officer to add" },
    toRequest: (values) => ({ ...values, expectedVersion: version.current }),
    onReload: () => queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
  });
  const onCase = new Set([current.officer.id, ...current.coOfficers.map((officer) => officer.id)]);
  const candidates = (officers.data ?? []).filter((officer) => !onCase.has(officer.id));

  if (officers.isPending) return <Loading label="Loading the officers of your unit…" />;
  return (
    <>
      <ErrorAlert error={officers.error} />
      {candidates.length === 0 ? (
        <p>Every officer of your unit already works this case.</p>
      ) : (
        <Form
          form={form}
          aria-label="Add a co-officer"
          summaryHeadingLevel="h4"
          onSubmit={async ({ officerId, expectedVersion }) => {
            await change.mutateAsync({ officerId, present: true, expectedVersion });
            const name = candidates.find((officer) => officer.id === officerId)?.displayName ?? "The officer";
            form.reset();
            onAdded(`${name} is now a co-officer.`, expectedVersion);
          }}
        >
          <SelectField
            name="officerId"
            label="Add a co-officer"
            placeholder
            options={candidates.map((officer) => ({ value: officer.id, label: officer.displayName }))}
          />
          <SubmitButton className="margin-top-2">Add co-officer</SubmitButton>
        </Form>
      )}
    </>
  );
}
