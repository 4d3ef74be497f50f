import { useState } from "react";
import { dismissTaskBody, snoozeTaskBody } from "../../../../shared/contract/tasks";
import { Form, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Button, ConfirmDialog, Dialog } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, toLocalInput } from "../../../lib/datetime-input";
import { formatDateTime } from "../../../lib/format";
import { type CompleteInput, type DismissInput, type SnoozeInput, type Task, useTaskChange } from "../api/tasks";
import { taskTitle } from "./task-text";

type Action = "snooze" | "dismiss" | "done";

/** Tomorrow at 8 in the morning, local time: the snooze a person picks most often. */
function tomorrowMorning(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(8, 0, 0, 0);
  return date;
}

/** Snooze, dismiss and (for follow-ups) mark done, each in a dialog; a reason is asked for snoozing and dismissing. */
export function TaskActions({ task, onDone }: { task: Task; onDone: (message: string) => void }) {
  const [action, setAction] = useState<Action | null>(null);
  const complete = useTaskChange<CompleteInput>(task.id, "done");
  const title = taskTitle(task);
  const finish = (message: string) => {
    setAction(null);
    onDone(message);
  };
  const button = (name: Action, text: string, variant: "primary" | "outline") => (
    <li className="margin-right-1 margin-top-1">
      <Button variant={variant} onClick={() => setAction(name)}>
        {text}
        <span className="usa-sr-only">
          : {title}, {task.personName}
        </span>
      </Button>
    </li>
  );

  return (
    <>
      <ul className="usa-list usa-list--unstyled display-flex flex-wrap" aria-label="Actions">
        {task.humanCloses ? button("done", "Mark done", "primary") : null}
        {button("snooze", "Snooze", "outline")}
        {task.dismissable ? button("dismiss", "Dismiss", "outline") : null}
      </ul>
      {action === "done" ? (
        <ConfirmDialog
          title="Mark this task done?"
          confirmLabel="Mark done"
          cancelLabel="Keep open"
          pending={complete.isPending}
          error={complete.error}
          onConfirm={async () => {
            await complete.mutateAsync({});
            onDone(`Marked done: ${title}, ${task.personName}.`);
          }}
          onClose={() => setAction(null)}
        >
          <p>
            {title} for {task.personName}. Marking it done is final; it stays in the case's history.
          </p>
        </ConfirmDialog>
      ) : action ? (
        <Dialog title={action === "snooze" ? "Snooze the task" : "Dismiss the task"} onClose={() => setAction(null)}>
          <p className="margin-top-0">
            {title} for {task.personName}.
          </p>
          {action === "snooze" ? (
            <SnoozeForm
              task={task}
              onSaved={(saved) => finish(`Snoozed until ${formatDateTime(saved.snoozedUntil)}: ${title}, ${task.personName}.`)}
            />
          ) : (
            <DismissForm task={task} onSaved={() => finish(`Dismissed: ${title}, ${task.personName}.`)} />
          )}
        </Dialog>
      ) : null}
    </>
  );
}

function SnoozeForm({ task, onSaved }: { task: Task; onSaved: (saved: Task) => void }) {
  const snooze = useTaskChange<SnoozeInput>(task.id, "snooze");
  const form = useContractForm(snoozeTaskBody, {
    defaultValues: { reason: "", until: toLocalInput(tomorrowMorning()) },
    toRequest: (values) => ({ ...values, until: fromLocalInput(String(values.until)) }),
    messages: { reason: "Give a reason for snoozing", until: "Say until when, as a date and time" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => onSaved(await snooze.mutateAsync(input))}
      className="usa-form maxw-full"
      aria-label="Snooze the task"
      summaryHeadingLevel="h3"
    >
      <TextField name="until" label="Snooze until" type="datetime-local" min={toLocalInput(new Date())} />
      <TextAreaField name="reason" label="Reason" hint="For example: in hospital until Wednesday" rows={3} maxLength={500} />
      <div className="margin-top-2">
        <SubmitButton>{snooze.isPending ? "Snoozing…" : "Snooze task"}</SubmitButton>
      </div>
    </Form>
  );
}

function DismissForm({ task, onSaved }: { task: Task; onSaved: () => void }) {
  const dismiss = useTaskChange<DismissInput>(task.id, "dismiss");
  const form = useContractForm(dismissTaskBody, {
    defaultValues: { reason: "" },
    messages: { reason: "Give a reason for dismissing" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await dismiss.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Dismiss the task"
      summaryHeadingLevel="h3"
    >
      <p>Dismissing is final: the task leaves the lists and stays in the case's history with your reason.</p>
      <TextAreaField name="reason" label="Reason" hint="For example: already followed up by phone" rows={3} maxLength={500} />
      <div className="margin-top-2">
        <SubmitButton className="usa-button--secondary">{dismiss.isPending ? "Dismissing…" : "Dismiss task"}</SubmitButton>
      </div>
    </Form>
  );
}
