import { useState } from "react";
import { raceEthnicityBody, raceEthnicityCategories, raceEthnicityLabels } from "../../../../shared/contract/fairness";
import { CheckboxField, CheckboxGroupField, Form, FormButtons } from "../../../components/form";
import { Alert, Button, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime } from "../../../lib/format";
import { type RaceEthnicityRecord, useRaceEthnicity, useRecordRaceEthnicity } from "../api/fairness";

const categoryOptions = raceEthnicityCategories.map((value) => ({ value, label: raceEthnicityLabels[value] }));

const answerText = (record: RaceEthnicityRecord) =>
  record.declined ? "Declined to answer" : record.categories.map((category) => raceEthnicityLabels[category]).join(", ");

/**
 * Race and ethnicity as the person reports them, kept for fairness monitoring only: shown when asked (each reading is
 * audited), recorded or corrected by those who may change the record.
 */
export function RaceEthnicity({ personId, canEdit }: { personId: string; canEdit: boolean }) {
  const [shown, setShown] = useState(false);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const answer = useRaceEthnicity(personId, shown);

  return (
    <div className="margin-top-3">
      <h3 className="margin-bottom-1">Race and ethnicity (self-reported)</h3>
      <p className="margin-top-0 usa-hint">
        Used only to check that responses to violations are fair across groups. Ask the person; record what they say, or that they declined.
        Opening it is recorded in the audit log.
      </p>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {!shown ? (
        <Button variant="outline" onClick={() => setShown(true)}>
          Show race and ethnicity
        </Button>
      ) : null}
      <ErrorAlert error={answer.error} />
      {shown && answer.isPending ? <Loading label="Loading race and ethnicity…" /> : null}
      {answer.data && !editing ? (
        <>
          <p>
            {answer.data.recorded
              ? `${answerText(answer.data)} — recorded by ${answer.data.recordedBy ?? "a former user"} on ${formatDateTime(answer.data.recordedAt)}`
              : "Not recorded yet."}
          </p>
          {canEdit ? (
            <Button
              variant="outline"
              onClick={() => {
                setDone(null);
                setEditing(true);
              }}
            >
              {answer.data.recorded ? "Correct race and ethnicity" : "Record race and ethnicity"}
            </Button>
          ) : null}
        </>
      ) : null}
      {answer.data && editing ? (
        <RaceEthnicityForm
          key={answer.data.version ?? 0}
          personId={personId}
          record={answer.data}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setDone("Race and ethnicity saved.");
          }}
        />
      ) : null}
    </div>
  );
}

type FormProps = { personId: string; record: RaceEthnicityRecord; onCancel: () => void; onSaved: () => void };

function RaceEthnicityForm({ personId, record, onCancel, onSaved }: FormProps) {
  const save = useRecordRaceEthnicity(personId);
  const form = useContractForm(raceEthnicityBody, {
    defaultValues: {
      declined: record.declined,
      categories: record.categories,
      ...(record.version !== null ? { expectedVersion: record.version } : {}),
    },
  });
  return (
    <Form
      form={form}
      aria-label="Record race and ethnicity"
      summaryHeadingLevel="h4"
      onSubmit={async (request) => {
        await save.mutateAsync(request);
        onSaved();
      }}
    >
      <CheckboxGroupField name="categories" legend="What the person reports (choose all that apply)" options={categoryOptions} />
      <CheckboxField name="declined" label="The person declined to answer" />
      <FormButtons submit="Save race and ethnicity" onCancel={onCancel} />
    </Form>
  );
}
