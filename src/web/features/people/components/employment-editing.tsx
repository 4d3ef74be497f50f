import { useState } from "react";
import { employmentBody, employmentUpdateBody, employmentVerificationBody } from "../../../../shared/contract/people";
import { Form, FormButtons, TextField } from "../../../components/form";
import { Alert, Button, Dialog, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDate } from "../../../lib/format";
import { useAgencyToday } from "../../../lib/session";
import { useAddEmployment, useUpdateEmployment, useVerifyEmployment } from "../api/addresses-employment";
import type { PersonRecord } from "../api/people";

type Job = PersonRecord["employment"][number];
type Action = { kind: "add" } | { kind: "correct" | "end" | "verify"; job: Job };

const jobMessages = {
  employer: "Enter the employer's name",
  startedOn: "Enter the date the job started",
  endedOn: "Enter the date the job ended",
};

/** Who confirmed the job and when, in words. */
export function jobVerificationText(job: Job): string {
  if (!job.verified) return "Not verified yet";
  const when = job.verifiedOn ? ` on ${formatDate(job.verifiedOn)}` : "";
  return `Verified${when}${job.verifiedBy ? ` by ${job.verifiedBy}` : ""}`;
}

/** Jobs, current first, with adding a job, ending it (confirmed), correcting it and recording the employer's confirmation. */
export function EmploymentEditor({ record, canEdit }: { record: PersonRecord; canEdit: boolean }) {
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const jobs = [...record.employment].sort(
    (a, b) => Number(a.endedOn !== null) - Number(b.endedOn !== null) || b.startedOn.localeCompare(a.startedOn),
  );
  const personId = record.person.id;
  const finish = (message: string) => {
    setAction(null);
    setDone(message);
  };
  const close = () => setAction(null);
  const titles = {
    add: "Add employment",
    correct: "Correct this job",
    end: "End this job?",
    verify: "Record employer verification",
  } as const;

  return (
    <>
      {done ? (
        <Alert type="success" slim role="status">
          {done}
        </Alert>
      ) : null}
      {jobs.length === 0 ? (
        <p>No employment recorded.</p>
      ) : (
        <Table caption="Employment history, current first" captionHidden>
          <thead>
            <tr>
              <th scope="col">Employer</th>
              <th scope="col">Position</th>
              <th scope="col">Phone</th>
              <th scope="col">Worked there</th>
              <th scope="col">Verification</th>
              {canEdit ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-employment-id={job.id}>
                <th scope="row">
                  {job.employer}
                  {job.endedOn === null ? <span className="usa-tag bg-primary margin-left-1">Current</span> : null}
                </th>
                <td>{job.position ?? "—"}</td>
                <td>{job.phone ?? "—"}</td>
                <td>{job.endedOn ? `${formatDate(job.startedOn)} – ${formatDate(job.endedOn)}` : `Since ${formatDate(job.startedOn)}`}</td>
                <td>{jobVerificationText(job)}</td>
                {canEdit ? (
                  <td>
                    <ul className="usa-list usa-list--unstyled">
                      <li>
                        <Button variant="unstyled" onClick={() => setAction({ kind: "correct", job })}>
                          Correct<span className="usa-sr-only"> the job at {job.employer}</span>
                        </Button>
                      </li>
                      {!job.verified ? (
                        <li>
                          <Button variant="unstyled" onClick={() => setAction({ kind: "verify", job })}>
                            Record verification<span className="usa-sr-only"> of the job at {job.employer}</span>
                          </Button>
                        </li>
                      ) : null}
                      {job.endedOn === null ? (
                        <li>
                          <Button variant="unstyled" onClick={() => setAction({ kind: "end", job })}>
                            End job<span className="usa-sr-only"> at {job.employer}</span>
                          </Button>
                        </li>
                      ) : null}
                    </ul>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canEdit ? (
        <Button variant="outline" className="margin-top-2" onClick={() => setAction({ kind: "add" })}>
          Add employment
        </Button>
      ) : null}
      {action ? (
        <Dialog title={titles[action.kind]} onClose={close}>
          {action.kind === "add" ? <AddJobForm personId={personId} onDone={finish} onCancel={close} /> : null}
          {action.kind === "correct" ? <CorrectJobForm personId={personId} job={action.job} onDone={finish} onCancel={close} /> : null}
          {action.kind === "end" ? <EndJobForm personId={personId} job={action.job} onDone={finish} onCancel={close} /> : null}
          {action.kind === "verify" ? <VerifyJobForm personId={personId} job={action.job} onDone={finish} onCancel={close} /> : null}
        </Dialog>
      ) : null}
    </>
  );
}

type FormProps = { personId: string; onDone: (message: string) => void; onCancel: () => void };

function JobFields({ today }: { today: string }) {
  return (
    <>
      <TextField name="employer" label="Employer" autoComplete="off" />
      <TextField name="position" label="Position (optional)" autoComplete="off" />
      <TextField name="phone" label="Employer's phone (optional)" type="tel" autoComplete="off" />
      <TextField name="startedOn" label="Started on" type="date" max={today} />
    </>
  );
}

function AddJobForm({ personId, onDone, onCancel }: FormProps) {
  const today = useAgencyToday();
  const add = useAddEmployment(personId);
  const form = useContractForm(employmentBody, {
    // Verification is recorded afterwards, with its date and who confirmed it.
    defaultValues: { employer: "", position: "", phone: "", startedOn: today } as never,
    messages: jobMessages,
  });
  return (
    <Form
      form={form}
      aria-label="Add employment"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await add.mutateAsync(request);
        onDone(`Employment at ${request.employer} recorded.`);
      }}
    >
      <JobFields today={today} />
      <FormButtons submit="Save employment" onCancel={onCancel} />
    </Form>
  );
}

/** Correct the job as recorded (employer, position, phone, start date). */
function CorrectJobForm({ personId, job, onDone, onCancel }: FormProps & { job: Job }) {
  const today = useAgencyToday();
  const update = useUpdateEmployment(personId, job.id);
  const form = useContractForm(employmentUpdateBody, {
    defaultValues: {
      employer: job.employer,
      position: job.position ?? "",
      phone: job.phone ?? "",
      startedOn: job.startedOn,
      expectedVersion: job.version,
    } as never,
    messages: jobMessages,
  });
  return (
    <Form
      form={form}
      aria-label="Correct this job"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await update.mutateAsync(request);
        onDone(`The job at ${request.employer ?? job.employer} was corrected.`);
      }}
    >
      <JobFields today={today} />
      <FormButtons submit="Save correction" onCancel={onCancel} />
    </Form>
  );
}

/** Ending a job is final: the dialog names the job and asks for its last day. */
function EndJobForm({ personId, job, onDone, onCancel }: FormProps & { job: Job }) {
  const today = useAgencyToday();
  const update = useUpdateEmployment(personId, job.id);
  const form = useContractForm(employmentUpdateBody, {
    defaultValues: { endedOn: today, expectedVersion: job.version } as never,
    messages: { endedOn: "Enter the date the job ended" },
    // Ending needs the date (the contract also lets a correction clear it).
    check: (request) => (request.endedOn ? [] : [{ field: "endedOn", message: "Enter the date the job ended" }]),
  });
  return (
    <Form
      form={form}
      aria-label="End this job"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await update.mutateAsync(request);
        onDone(`The job at ${job.employer} ended on ${formatDate(request.endedOn ?? null)}.`);
      }}
    >
      <p className="margin-top-0">
        <strong>{job.employer}</strong>
        {job.position ? `, ${job.position}` : ""}, since {formatDate(job.startedOn)}. The job stays in the history as ended.
      </p>
      <TextField name="endedOn" label="Last day of the job" type="date" max={today} />
      <FormButtons submit="End job" onCancel={onCancel} />
    </Form>
  );
}

/** The employer confirmed the job (by phone, a pay stub, a visit): recorded with the date, by the signed-in user. */
function VerifyJobForm({ personId, job, onDone, onCancel }: FormProps & { job: Job }) {
  const today = useAgencyToday();
  const verify = useVerifyEmployment(personId, job.id);
  const form = useContractForm(employmentVerificationBody, {
    defaultValues: { verifiedOn: today, expectedVersion: job.version } as never,
    messages: { verifiedOn: "Enter the date the employer confirmed the job" },
  });
  return (
    <Form
      form={form}
      aria-label="Record employer verification"
      summaryHeadingLevel="h3"
      onSubmit={async (request) => {
        await verify.mutateAsync(request);
        onDone(`The job at ${job.employer} was verified on ${formatDate(request.verifiedOn)}.`);
      }}
    >
      <p className="margin-top-0">
        The employer confirmed that the person works at <strong>{job.employer}</strong>.
      </p>
      <TextField name="verifiedOn" label="Confirmed on" type="date" max={today} />
      <FormButtons submit="Save verification" onCancel={onCancel} />
    </Form>
  );
}
