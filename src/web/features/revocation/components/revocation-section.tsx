import { useState } from "react";
import { Link, useNavigate } from "react-router";
import {
  abscondingBody,
  abscondingFoundBody,
  type CaseRevocations,
  type RevocationStatus,
  recommendationWords,
  revocationTitle,
  startRevocationBody,
} from "../../../../shared/contract/revocation";
import { severityLabels, violationTypeLabels } from "../../../../shared/contract/violations";
import { CheckboxField, CheckboxGroupField, Form, FormButtons, RadioGroupField, TextAreaField, TextField } from "../../../components/form";
import { Alert, Button, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateTime } from "../../../lib/format";
import { useAgencyToday } from "../../../lib/session";
import { Notice, noticeOf } from "../../appointments/components/notice";
import { useCaseRevocations, useRecordAbsconding, useRecordFound, useStartRevocation } from "../api/revocation";

export const revocationStatusWords: Record<RevocationStatus, string> = {
  draft: "Draft: the officer is writing the file",
  awaiting_decision: "Awaiting a supervisor's decision",
  referred: "Approved: goes to the authority",
  no_revocation: "Decided: no revocation",
};

type Action = "start" | "abscond" | "found";

/** The person page's Revocation and recall section: recommendations, starting one from violations, absconding. */
export function CaseRevocationSection({ caseId, personName, canAct }: { caseId: string; personName: string; canAct: boolean }) {
  const state = useCaseRevocations(caseId);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  if (state.isPending) return <Loading label="Loading revocation and recall…" />;
  if (state.isError) return <ErrorAlert error={state.error} />;
  const data: CaseRevocations = state.data;
  const standing = data.abscondings.find((entry) => entry.foundOn === null) ?? null;
  const close = () => setAction(null);
  const finish = (text: string) => {
    setAction(null);
    setNotice(noticeOf(text));
  };
  const open = data.caseStatus !== "closed";
  return (
    <>
      <Notice message={notice} />
      <p className="margin-top-0">
        {data.authority === "parole_board"
          ? `Parole: a recall and revocation recommendation goes to ${data.authorityName}.`
          : `Probation: a revocation petition goes to ${data.authorityName}.`}{" "}
        A supervisor of the unit other than its author decides it.
      </p>
      {standing ? (
        <Alert type="warning" slim>
          <span data-testid="absconding-standing">
            On warrant status: absconded (last contact {formatDate(standing.lastContactOn)}, recorded by {standing.recordedByName}{" "}
            {formatDateTime(standing.recordedAt)}). Contact standards are paused until the person is found.
          </span>
        </Alert>
      ) : null}
      {canAct && open ? (
        <ul className="usa-button-group" aria-label="Revocation and recall actions">
          {data.openViolations.length > 0 ? (
            <li className="usa-button-group__item">
              <Button onClick={() => setAction("start")}>Start a revocation recommendation</Button>
            </li>
          ) : null}
          {standing ? (
            <li className="usa-button-group__item">
              <Button variant="outline" onClick={() => setAction("found")}>
                Record that the person was found
              </Button>
            </li>
          ) : data.caseStatus === "active" || data.caseStatus === "tolled" ? (
            <li className="usa-button-group__item">
              <Button variant="outline" onClick={() => setAction("abscond")}>
                Record absconding
              </Button>
            </li>
          ) : null}
        </ul>
      ) : null}
      {canAct && open && data.openViolations.length === 0 ? (
        <p className="font-sans-3xs">A recommendation starts from open violations of the case; there are none.</p>
      ) : null}
      {data.recommendations.length === 0 ? (
        <p>No revocation recommendation.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled">
          {data.recommendations.map((item) => (
            <li key={item.id} className="border-top border-base-lighter padding-y-1" data-testid="revocation-item">
              <p className="margin-y-0">
                {item.emergency ? <span className="usa-tag bg-secondary-dark margin-right-1">Emergency</span> : null}
                <strong>{revocationStatusWords[item.status]}</strong>
                {item.recommendation ? ` — ${recommendationWords(item.recommendation, data.authority)}` : ""}
              </p>
              <p className="margin-y-05">
                Started by {item.createdByName} on {formatDateTime(item.createdAt)} from {item.violationCount} violation
                {item.violationCount === 1 ? "" : "s"}
                {item.submittedAt ? `; submitted ${formatDateTime(item.submittedAt)}` : ""}
                {item.decidedAt ? `; decided ${formatDateTime(item.decidedAt)}` : ""}.
                {item.emergencyAuthorised && !item.fileCompletedAt && item.fileDueOn
                  ? ` Emergency warrant requested: the file is to be completed by ${formatDate(item.fileDueOn)}.`
                  : ""}
              </p>
              <p className="margin-y-05">
                <Link className="usa-link" to={paths.revocation.getHref(item.id)}>
                  Open the file<span className="usa-sr-only"> of the recommendation started {formatDateTime(item.createdAt)}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      {data.abscondings.filter((entry) => entry.foundOn).length > 0 ? (
        <>
          <h3>Absconding history</h3>
          <ul className="usa-list">
            {data.abscondings
              .filter((entry) => entry.foundOn)
              .map((entry) => (
                <li key={entry.id}>
                  Absconded after {formatDate(entry.lastContactOn)}; found {formatDate(entry.foundOn)} (
                  {entry.foundStatus === "in_custody" ? "in custody" : "back to active supervision"}): {entry.foundNote}
                </li>
              ))}
          </ul>
        </>
      ) : null}
      {action === "start" ? (
        <Dialog title={`Start: ${revocationTitle(data.authority).toLowerCase()}`} onClose={close}>
          <StartForm caseId={caseId} data={data} onCancel={close} />
        </Dialog>
      ) : null}
      {action === "abscond" ? (
        <Dialog title="Record absconding" onClose={close}>
          <AbscondingForm caseId={caseId} personName={personName} onDone={finish} onCancel={close} />
        </Dialog>
      ) : null}
      {action === "found" && standing ? (
        <Dialog title="Record that the person was found" onClose={close}>
          <FoundForm abscondingId={standing.id} lastContactOn={standing.lastContactOn} onDone={finish} onCancel={close} />
        </Dialog>
      ) : null}
    </>
  );
}

function StartForm({ caseId, data, onCancel }: { caseId: string; data: CaseRevocations; onCancel: () => void }) {
  const start = useStartRevocation(caseId);
  const navigate = useNavigate();
  const form = useContractForm(startRevocationBody, {
    defaultValues: { violationIds: [], emergency: false, emergencyReason: "" },
    messages: { violationIds: "Choose the violations the recommendation rests on" },
  });
  const emergency = form.watch("emergency");
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        const record = await start.mutateAsync(input);
        await navigate(paths.revocation.getHref(record.id));
      }}
      className="usa-form maxw-full"
      aria-label="Start a revocation recommendation"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        The file starts with the facts of the violations chosen, the responses and incentives tried and the latest assessment; you complete
        it before submitting it.
      </p>
      <CheckboxGroupField
        name="violationIds"
        legend="Violations"
        options={data.openViolations.map((violation) => ({
          value: violation.id,
          label: `${violationTypeLabels[violation.type]} (${severityLabels[violation.severity].toLowerCase()}), ${formatDateTime(violation.occurredAt)}`,
        }))}
      />
      <CheckboxField
        name="emergency"
        label="Emergency: the risk is immediate"
        hint="It goes to the supervisors at once, to decide within hours"
      />
      {emergency ? <TextAreaField name="emergencyReason" label="Why the risk is immediate" rows={3} maxLength={2000} /> : null}
      <FormButtons submit={start.isPending ? "Starting…" : "Start the file"} onCancel={onCancel} />
    </Form>
  );
}

function AbscondingForm({
  caseId,
  personName,
  onDone,
  onCancel,
}: {
  caseId: string;
  personName: string;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const record = useRecordAbsconding(caseId);
  const today = useAgencyToday();
  const form = useContractForm(abscondingBody, {
    defaultValues: { lastContactOn: "", circumstances: "" },
    messages: { lastContactOn: "Give the day of the last contact" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await record.mutateAsync(input);
        onDone(`${personName} is recorded as absconded: the case is on warrant status.`);
      }}
      className="usa-form maxw-full"
      aria-label="Record absconding"
      summaryHeadingLevel="h3"
    >
      <p className="margin-top-0">
        The case goes on warrant status and an absconding violation is recorded; contact standards pause until the person is found.
      </p>
      <TextField name="lastContactOn" label="Day of the last contact" type="date" max={today} />
      <TextAreaField
        name="circumstances"
        label="What is known"
        hint="How contact was lost and the efforts made to find the person"
        rows={4}
        maxLength={2000}
      />
      <FormButtons submit={record.isPending ? "Recording…" : "Record absconding"} onCancel={onCancel} />
    </Form>
  );
}

function FoundForm({
  abscondingId,
  lastContactOn,
  onDone,
  onCancel,
}: {
  abscondingId: string;
  lastContactOn: string;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const found = useRecordFound(abscondingId);
  const today = useAgencyToday();
  const form = useContractForm(abscondingFoundBody, {
    defaultValues: { foundOn: today, status: "active", note: "" },
    messages: { foundOn: "Give the day the person was found" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await found.mutateAsync(input);
        onDone(input.status === "in_custody" ? "Found: the case is now in custody." : "Found: the case is active again.");
      }}
      className="usa-form maxw-full"
      aria-label="Record that the person was found"
      summaryHeadingLevel="h3"
    >
      <TextField name="foundOn" label="Day found" type="date" min={lastContactOn} max={today} />
      <RadioGroupField
        name="status"
        legend="The case now"
        options={[
          { value: "active", label: "Back to active supervision (contact standards resume)" },
          { value: "in_custody", label: "In custody (contact standards stay paused)" },
        ]}
      />
      <TextAreaField name="note" label="How the person was found" rows={3} maxLength={2000} />
      <FormButtons submit={found.isPending ? "Recording…" : "Record"} onCancel={onCancel} />
    </Form>
  );
}
