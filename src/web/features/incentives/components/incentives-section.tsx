import { useState } from "react";
import {
  achievementKindLabels,
  type IncentiveKind,
  incentiveKindLabels,
  incentiveKinds,
  newIncentiveBody,
} from "../../../../shared/contract/incentives";
import { Form, FormButtons, SelectField, TextAreaField, TextField } from "../../../components/form";
import { Button, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate, formatDateRange, formatDateTime } from "../../../lib/format";
import { useAgencyToday } from "../../../lib/session";
import { Notice, noticeOf } from "../../appointments/components/notice";
import { type CaseIncentives, type Incentive, type Period, useCaseIncentives, useRecordIncentive } from "../api/incentives";
import { PeriodPicker } from "./period-picker";
import { ratioText, targetText, targetWords, whatCounts } from "./ratio-text";

type Achievement = CaseIncentives["achievements"][number];

/** An achievement in words: "Case plan goal completed: Find stable work (Dec 1, 2026, 10:00 AM)". */
const achievementText = (achievement: Pick<Achievement, "kind" | "goalTitle" | "occurredAt">) =>
  `${achievementKindLabels[achievement.kind]}${achievement.goalTitle ? `: ${achievement.goalTitle}` : ""} (${formatDateTime(achievement.occurredAt)})`;

const kindText = (incentive: Pick<Incentive, "kind" | "agencyKind">) => incentive.agencyKind ?? incentiveKindLabels[incentive.kind];

/** The person page's Incentives section: the case's ratio over a period, achievements to acknowledge, the list and the form. */
export function CaseIncentivesSection({ caseId, canRecord }: { caseId: string; canRecord: boolean }) {
  const [period, setPeriod] = useState<Period>({});
  const incentives = useCaseIncentives(caseId, period);
  const today = useAgencyToday();
  const [recording, setRecording] = useState<{ eventId: string | null } | null>(null);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  if (incentives.isPending) return <Loading label="Loading incentives…" />;
  if (incentives.isError) return <ErrorAlert error={incentives.error} />;
  const data = incentives.data;
  const waiting = data.achievements.filter((achievement) => !achievement.acknowledged);
  return (
    <>
      <Notice message={notice} />
      <div className="usa-summary-box maxw-tablet margin-bottom-2" data-testid="case-ratio">
        <div className="usa-summary-box__body">
          <h3 className="usa-summary-box__heading">Incentives to sanctions, {formatDateRange(data.period.from, data.period.to)}</h3>
          <p className="font-heading-lg margin-y-1" data-testid="ratio-value">
            {ratioText(data.ratio)}
          </p>
          <p className="margin-y-1">
            {data.ratio.incentives} {data.ratio.incentives === 1 ? "incentive" : "incentives"}, {data.ratio.sanctions}{" "}
            {data.ratio.sanctions === 1 ? "sanction" : "sanctions"}. Target {targetText(data.targetRatio)} (
            {targetWords(data.ratio).toLowerCase()}).
          </p>
          <p className="margin-bottom-0 font-body-2xs">{whatCounts}</p>
        </div>
      </div>
      <PeriodPicker period={period} today={today} onChange={setPeriod} />
      {waiting.length > 0 ? (
        <>
          <h3>Achievements to acknowledge</h3>
          <ul className="usa-list" data-testid="achievements">
            {waiting.map((achievement) => (
              <li key={achievement.eventId}>
                {achievementText(achievement)}
                {canRecord ? (
                  <>
                    {" "}
                    <Button variant="unstyled" onClick={() => setRecording({ eventId: achievement.eventId })}>
                      Record an incentive
                      <span className="usa-sr-only"> for {achievementText(achievement)}</span>
                    </Button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canRecord ? (
        <Button variant="outline" className="margin-top-2" onClick={() => setRecording({ eventId: null })}>
          Record an incentive
        </Button>
      ) : null}
      <h3>Incentives given</h3>
      {data.incentives.length === 0 ? (
        <p>No incentives recorded.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid="incentive-list">
          {data.incentives.map((item) => (
            <li key={item.id} className="margin-bottom-2 border-left-05 border-primary-light padding-left-1" data-testid="incentive">
              <strong>{kindText(item)}</strong>, {formatDate(item.givenOn)}, recorded by {item.recordedByName}
              {item.achievement ? (
                <div>
                  For: {achievementText(item.achievement)}
                  {item.achievement.withdrawn ? " (since withdrawn)" : ""}
                </div>
              ) : null}
              {item.goal && item.goal.title !== item.achievement?.goalTitle ? <div>Case plan goal: {item.goal.title}</div> : null}
              {item.note ? <div className="text-pre-wrap">{item.note}</div> : null}
            </li>
          ))}
        </ul>
      )}
      {recording ? (
        <Dialog title="Record an incentive" onClose={() => setRecording(null)}>
          <IncentiveForm
            caseId={caseId}
            data={data}
            eventId={recording.eventId}
            onSaved={(saved) => {
              setRecording(null);
              setNotice(noticeOf(`Incentive recorded: ${kindText(saved)}.`));
            }}
            onCancel={() => setRecording(null)}
          />
        </Dialog>
      ) : null}
    </>
  );
}

function IncentiveForm({
  caseId,
  data,
  eventId,
  onSaved,
  onCancel,
}: {
  caseId: string;
  data: CaseIncentives;
  eventId: string | null;
  onSaved: (saved: Incentive) => void;
  onCancel: () => void;
}) {
  const record = useRecordIncentive(caseId);
  const today = useAgencyToday();
  const form = useContractForm(newIncentiveBody, {
    defaultValues: { kind: "", agencyKind: "", givenOn: today, note: "", eventId: eventId ?? "", goalId: "" } as never,
    messages: { kind: "Choose an incentive", givenOn: "Give the day it was given", agencyKind: "Choose which of the agency's own" },
    check: (request) => [
      ...(request.givenOn > today ? [{ field: "givenOn", message: "It cannot be a day still to come" }] : []),
      ...(request.kind === "agency_defined" && !request.agencyKind
        ? [{ field: "agencyKind", message: "Choose which of the agency's own" }]
        : []),
    ],
  });
  const kind = form.watch("kind") as IncentiveKind | "";
  const kinds = incentiveKinds.filter((candidate) => candidate !== "agency_defined" || data.agencyKinds.length > 0);
  return (
    <Form
      form={form}
      onSubmit={async (input) =>
        onSaved(await record.mutateAsync({ ...input, agencyKind: input.kind === "agency_defined" ? input.agencyKind : null }))
      }
      className="usa-form maxw-full"
      aria-label="Record an incentive"
      summaryHeadingLevel="h3"
    >
      <SelectField
        name="kind"
        label="Incentive"
        options={kinds.map((value) => ({ value, label: incentiveKindLabels[value] }))}
        placeholder="- Choose -"
      />
      {kind === "agency_defined" ? (
        <SelectField
          name="agencyKind"
          label="Which of the agency's own"
          options={data.agencyKinds.map((value) => ({ value, label: value }))}
          placeholder="- Choose -"
        />
      ) : null}
      <TextField name="givenOn" label="Day given" type="date" max={today} />
      <SelectField
        name="eventId"
        label="For an achievement (optional)"
        options={data.achievements.map((achievement) => ({ value: achievement.eventId, label: achievementText(achievement) }))}
        placeholder="None"
      />
      <SelectField
        name="goalId"
        label="For a case plan goal (optional)"
        hint="A goal completed is linked with its achievement already."
        options={data.goals.map((goal) => ({ value: goal.id, label: goal.completed ? `${goal.title} (completed)` : goal.title }))}
        placeholder="None"
      />
      <TextAreaField name="note" label="Note (optional)" rows={3} maxLength={1000} />
      <FormButtons submit={record.isPending ? "Recording…" : "Record incentive"} onCancel={onCancel} />
    </Form>
  );
}
