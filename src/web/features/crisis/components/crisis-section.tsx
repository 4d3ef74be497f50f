import { useState } from "react";
import { useFieldArray } from "react-hook-form";
import {
  type ChecklistItem,
  checklistEntryBody,
  closeCrisisBody,
  crisisTriggerEventLabels,
  crisisTypeLabels,
  crisisTypes,
  followUpDueOn,
  newCrisisBody,
  newFollowUpBody,
} from "../../../../shared/contract/crisis";
import { Form, FormButtons, RadioGroupField, SelectField, TextAreaField, TextField } from "../../../components/form";
import { Button, Dialog, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { fromLocalInput, isInTheFuture, toLocalInput } from "../../../lib/datetime-input";
import { formatDate, formatDateTime } from "../../../lib/format";
import { useAgencyTimeZone, useAgencyToday } from "../../../lib/session";
import { Notice, noticeOf } from "../../appointments/components/notice";
import {
  type CaseCrises,
  type ChecklistEntry,
  type Crisis,
  type CrisisContact,
  useAddFollowUp,
  useCaseCrises,
  useCloseCrisis,
  useOpenCrisis,
  useRecordChecklist,
} from "../api/crisis";

const answerWords = { yes: "Yes", no: "No", unknown: "Not known" } as const;
const taskStatusWords = { open: "To do", snoozed: "Snoozed", done: "Done", dismissed: "Dismissed" } as const;
const itemWords: Record<ChecklistItem, string> = {
  person_safe: "Person safe",
  called: "Called",
  referral: "Referred to",
  emergency_services: "Emergency services involved",
};

/** A phone number as a tel: link (digits and a leading +), so a phone dials it with one tap. */
const telHref = (phone: string) => `tel:${phone.replace(/(x|ext\.?).*$/i, "").replace(/[^\d+]/g, "")}`;

export function PhoneLink({ phone }: { phone: string }) {
  return (
    <a className="usa-link waypoint-nowrap" href={telHref(phone)}>
      {phone}
    </a>
  );
}

const hoursWords = (contact: CrisisContact) => (contact.available24x7 ? "24/7" : (contact.hours ?? ""));

/** The crisis's trigger in words: the screener item that raised it, or the supervision event. */
export function triggerWords(trigger: Crisis["trigger"]): string | null {
  if (!trigger) return null;
  if (trigger.kind === "assessment") {
    const item = trigger.itemPrompt ? `: “${trigger.itemPrompt}” answered yes` : "";
    return `${trigger.flagLabel} flag of the ${trigger.instrumentTitle}${item} (${formatDateTime(trigger.assessedAt)})`;
  }
  const label = crisisTriggerEventLabels[trigger.eventKind as keyof typeof crisisTriggerEventLabels] ?? "Supervision event";
  return `${label}, ${formatDateTime(trigger.occurredAt)}${trigger.withdrawnAt ? " (since withdrawn)" : ""}`;
}

type Action =
  | { kind: "open" }
  | { kind: "checklist"; crisis: Crisis }
  | { kind: "follow-up"; crisis: Crisis }
  | { kind: "close"; crisis: Crisis };

/** The Crisis section of the person page: the area's crisis contacts, the case's crises, and recording one. */
export function CaseCrisisSection({ caseId, canRecord }: { caseId: string; canRecord: boolean }) {
  const crises = useCaseCrises(caseId);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  if (crises.isPending) return <Loading label="Loading crises…" />;
  if (crises.isError) return <ErrorAlert error={crises.error} />;
  const data = crises.data;
  const close = () => setAction(null);
  const finish = (text: string) => {
    close();
    setNotice(noticeOf(text));
  };
  return (
    <>
      <Notice message={notice} />
      <CrisisContacts contacts={data.contacts} />
      {canRecord ? (
        <Button variant="secondary" onClick={() => setAction({ kind: "open" })}>
          Record a crisis
        </Button>
      ) : null}
      {data.crises.length === 0 ? (
        <p>No crises recorded.</p>
      ) : (
        <ul className="usa-card-group" data-testid="crisis-list">
          {data.crises.map((crisis) => (
            <li key={crisis.id} className="usa-card grid-col-12 margin-bottom-2" data-testid="crisis">
              <div className={`usa-card__container margin-x-0${crisis.status === "open" ? " border-secondary" : ""}`}>
                <div className="usa-card__header">
                  <h3 className="usa-card__heading font-heading-md">
                    {crisisTypeLabels[crisis.type]}, {formatDateTime(crisis.occurredAt)}
                  </h3>
                </div>
                <div className="usa-card__body">
                  <CrisisFacts crisis={crisis} />
                </div>
                {canRecord && crisis.status === "open" ? (
                  <div className="usa-card__footer">
                    <ul className="usa-list usa-list--unstyled display-flex flex-wrap" aria-label="Actions">
                      {(
                        [
                          ["checklist", "Update the checklist"],
                          ["follow-up", "Add a follow-up"],
                          ["close", "Close the crisis"],
                        ] as const
                      ).map(([kind, label]) => (
                        <li key={kind} className="margin-right-1 margin-top-1">
                          <Button variant={kind === "checklist" ? "primary" : "outline"} onClick={() => setAction({ kind, crisis })}>
                            {label}
                            <span className="usa-sr-only">: {crisisTypeLabels[crisis.type]}</span>
                          </Button>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {action?.kind === "open" ? (
        <Dialog title="Record a crisis" onClose={close}>
          <OpenCrisisForm
            caseId={caseId}
            data={data}
            onSaved={(saved) =>
              finish(
                `Crisis recorded: ${crisisTypeLabels[saved.type]}. ${saved.followUps.length === 1 ? "1 follow-up task" : `${saved.followUps.length} follow-up tasks`} made.`,
              )
            }
            onCancel={close}
          />
        </Dialog>
      ) : null}
      {action?.kind === "checklist" ? (
        <Dialog title="Update the crisis checklist" onClose={close}>
          <ChecklistForm
            caseId={caseId}
            crisis={action.crisis}
            contacts={data.contacts}
            onSaved={() => finish("Checklist updated.")}
            onCancel={close}
          />
        </Dialog>
      ) : null}
      {action?.kind === "follow-up" ? (
        <Dialog title="Add a follow-up" onClose={close}>
          <FollowUpForm caseId={caseId} crisis={action.crisis} onSaved={() => finish("Follow-up task added.")} onCancel={close} />
        </Dialog>
      ) : null}
      {action?.kind === "close" ? (
        <Dialog title="Close the crisis" onClose={close}>
          <CloseForm caseId={caseId} crisis={action.crisis} onSaved={() => finish("The crisis was closed.")} onCancel={close} />
        </Dialog>
      ) : null}
    </>
  );
}

/** The 24/7 crisis contacts of the case's area (and of every area), each a tap-to-call link on a phone. */
function CrisisContacts({ contacts }: { contacts: CrisisContact[] }) {
  return (
    <section aria-labelledby="crisis-contacts-heading" className="margin-bottom-2">
      <h3 id="crisis-contacts-heading" className="margin-top-0">
        Crisis contacts for this area
      </h3>
      {contacts.length === 0 ? (
        <p>No crisis contacts are recorded for this area. An administrator adds them under Crisis contacts.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" data-testid="crisis-contacts">
          {contacts.map((contact) => (
            <li key={contact.id} className="margin-bottom-1">
              <span className="text-bold">{contact.name}</span> ({contact.service}): <PhoneLink phone={contact.phone} />,{" "}
              {hoursWords(contact)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The latest entry of each checklist item: the checklist as it stands. */
const latestOf = (entries: ChecklistEntry[], item: ChecklistItem) => entries.filter((entry) => entry.item === item).at(-1);

function entryWords(entry: ChecklistEntry): string {
  if (entry.item === "called") return `${entry.name}${entry.phone ? `, ${entry.phone}` : ""}, at ${formatDateTime(entry.calledAt)}`;
  if (entry.item === "referral") return entry.name ?? "";
  return answerWords[entry.answer ?? "unknown"];
}

function CrisisFacts({ crisis }: { crisis: Crisis }) {
  const trigger = triggerWords(crisis.trigger);
  const recorded = (entry: ChecklistEntry) => ` (${entry.recordedByName}, ${formatDateTime(entry.recordedAt)})`;
  const safe = latestOf(crisis.checklist, "person_safe");
  const emergency = latestOf(crisis.checklist, "emergency_services");
  const calls = crisis.checklist.filter((entry) => entry.item === "called");
  const referrals = crisis.checklist.filter((entry) => entry.item === "referral");
  return (
    <dl className="waypoint-facts">
      <dt>Status</dt>
      <dd>
        {crisis.status === "open"
          ? "Open"
          : `Closed ${formatDateTime(crisis.closedAt)}${crisis.closedByName ? ` by ${crisis.closedByName}` : ""}`}
      </dd>
      {crisis.closingSummary ? (
        <>
          <dt>Closing summary</dt>
          <dd>{crisis.closingSummary}</dd>
        </>
      ) : null}
      <dt>Recorded</dt>
      <dd>
        {crisis.recordedByName ? `By ${crisis.recordedByName}` : "Opened by an assessment's crisis flag"},{" "}
        {formatDateTime(crisis.createdAt)}
      </dd>
      <dt>What set it off</dt>
      <dd>{trigger ?? "Not linked to an assessment or event"}</dd>
      <dt>What happened</dt>
      <dd>{crisis.description}</dd>
      <dt>Person safe</dt>
      <dd>{safe ? `${entryWords(safe)}${recorded(safe)}` : "Not recorded yet"}</dd>
      <dt>Who was called</dt>
      <dd>
        {calls.length === 0 ? (
          "No one recorded yet"
        ) : (
          <ul className="usa-list margin-y-0">
            {calls.map((entry) => (
              <li key={entry.id}>
                {entryWords(entry)}
                {recorded(entry)}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Referral made</dt>
      <dd>
        {referrals.length === 0 ? (
          "None yet"
        ) : (
          <ul className="usa-list margin-y-0">
            {referrals.map((entry) => (
              <li key={entry.id}>
                {entryWords(entry)}
                {recorded(entry)}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Emergency services</dt>
      <dd>
        {emergency ? `${entryWords(emergency)}${emergency.note ? `: ${emergency.note}` : ""}${recorded(emergency)}` : "Not recorded yet"}
      </dd>
      <dt>Follow-ups</dt>
      <dd>
        {crisis.followUps.length === 0 ? (
          "None"
        ) : (
          <ul className="usa-list margin-y-0" data-testid="crisis-follow-ups">
            {crisis.followUps.map((followUp) => (
              <li key={followUp.id}>
                {followUp.what}, due {formatDate(followUp.dueOn)}: {followUp.taskStatus ? taskStatusWords[followUp.taskStatus] : "No task"}
              </li>
            ))}
          </ul>
        )}
      </dd>
      {crisis.checklist.some((entry) => entry.note && entry.item !== "emergency_services") ? (
        <>
          <dt>Checklist notes</dt>
          <dd>
            <ul className="usa-list margin-y-0">
              {crisis.checklist
                .filter((entry) => entry.note && entry.item !== "emergency_services")
                .map((entry) => (
                  <li key={entry.id}>
                    {itemWords[entry.item]}: {entry.note}
                    {recorded(entry)}
                  </li>
                ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

const typeOptions = crisisTypes.map((type) => ({ value: type, label: crisisTypeLabels[type] }));
const safeOptions = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "unknown", label: "Not known" },
];
const yesNo = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];
const contactOptions = (contacts: CrisisContact[]) => [
  ...contacts.map((contact) => ({ value: contact.id, label: `${contact.name} (${contact.service})` })),
];

type CallValues = { contactId?: unknown; name?: unknown; at?: unknown };
const callToRequest = (call: CallValues) => ({ ...call, at: fromLocalInput(String(call.at ?? "")) });

function OpenCrisisForm({
  caseId,
  data,
  onSaved,
  onCancel,
}: {
  caseId: string;
  data: CaseCrises;
  onSaved: (saved: Crisis) => void;
  onCancel: () => void;
}) {
  const open = useOpenCrisis(caseId);
  const timeZone = useAgencyTimeZone();
  const form = useContractForm(newCrisisBody, {
    defaultValues: {
      type: "",
      occurredAt: toLocalInput(new Date()),
      description: "",
      triggerEventId: "",
      checklist: { personSafe: "", emergencyServices: "", emergencyNote: "", calls: [], referralTo: "" },
      followUps: data.followUpDefaults.map((followUp) => ({
        what: followUp.what,
        dueOn: followUpDueOn(new Date(), followUp.withinHours, timeZone),
      })),
    } as never,
    toRequest: (values: { occurredAt?: unknown; checklist?: { calls?: CallValues[] } }) => ({
      ...values,
      occurredAt: fromLocalInput(String(values.occurredAt ?? "")),
      checklist: { ...values.checklist, calls: (values.checklist?.calls ?? []).map(callToRequest) },
    }),
    check: (request) => (isInTheFuture(request.occurredAt) ? [{ field: "occurredAt", message: "It cannot be in the future" }] : []),
    messages: {
      type: "Choose the kind of crisis",
      occurredAt: "Say when it happened, as a date and time",
      description: "Describe what happened",
      "checklist.personSafe": "Say whether the person is safe",
      "checklist.emergencyServices": "Say whether emergency services are involved",
    },
  });
  const calls = useFieldArray({ control: form.control, name: "checklist.calls" as never });
  const followUps = useFieldArray({ control: form.control, name: "followUps" as never });
  const now = toLocalInput(new Date());
  return (
    <Form
      form={form}
      onSubmit={async (input) => onSaved(await open.mutateAsync(input))}
      className="usa-form maxw-full"
      aria-label="Record a crisis"
      summaryHeadingLevel="h3"
    >
      <SelectField name="type" label="Kind of crisis" options={typeOptions} placeholder="- Choose -" />
      <TextField name="occurredAt" label="When it happened" type="datetime-local" max={now} />
      <TextAreaField name="description" label="What happened" rows={3} maxLength={4000} />
      {data.linkableEvents.length > 0 ? (
        <SelectField
          name="triggerEventId"
          label="What set it off (optional)"
          hint="A recent event of this case."
          options={data.linkableEvents.map((event) => ({
            value: event.id,
            label: `${crisisTriggerEventLabels[event.kind]}, ${formatDateTime(event.occurredAt)}`,
          }))}
          placeholder="Not linked to an event"
        />
      ) : null}
      <fieldset className="usa-fieldset margin-top-3">
        <legend className="usa-legend usa-legend--large">Immediate checklist</legend>
        <RadioGroupField name="checklist.personSafe" legend="Is the person safe now?" options={safeOptions} />
        <fieldset className="usa-fieldset margin-top-2">
          <legend className="usa-legend">Who was called</legend>
          {calls.fields.map((call, index) => (
            <div key={call.id} className="border-left-05 border-base-lighter padding-left-1 margin-top-1" data-testid="crisis-call">
              <SelectField
                name={`checklist.calls.${index}.contactId`}
                label={`Call ${index + 1}: crisis contact`}
                options={contactOptions(data.contacts)}
                placeholder="Someone else (name them below)"
              />
              <TextField name={`checklist.calls.${index}.name`} label={`Call ${index + 1}: or who else was called`} maxLength={300} />
              <TextField name={`checklist.calls.${index}.at`} label={`Call ${index + 1}: when`} type="datetime-local" max={now} />
              <Button variant="unstyled" onClick={() => calls.remove(index)}>
                Remove call {index + 1}
              </Button>
            </div>
          ))}
          <Button
            variant="outline"
            className="margin-top-1"
            onClick={() => calls.append({ contactId: "", name: "", at: toLocalInput(new Date()) } as never)}
          >
            Add a call
          </Button>
        </fieldset>
        <TextField name="checklist.referralTo" label="Referred to (leave blank if no referral yet)" maxLength={300} />
        <RadioGroupField name="checklist.emergencyServices" legend="Are emergency services involved?" options={yesNo} />
        <TextField name="checklist.emergencyNote" label="Emergency services: details (optional)" maxLength={1000} />
      </fieldset>
      <fieldset className="usa-fieldset margin-top-3">
        <legend className="usa-legend usa-legend--large">Follow-up tasks</legend>
        <p className="usa-hint margin-top-05">Each follow-up is a task for the case's officer. Change the days or remove any not needed.</p>
        {followUps.fields.map((followUp, index) => (
          <div key={followUp.id} className="border-left-05 border-base-lighter padding-left-1 margin-top-1" data-testid="crisis-follow-up">
            <TextField name={`followUps.${index}.what`} label={`Follow-up ${index + 1}`} maxLength={200} />
            <TextField name={`followUps.${index}.dueOn`} label={`Follow-up ${index + 1}: due`} type="date" />
            <Button variant="unstyled" onClick={() => followUps.remove(index)}>
              Remove follow-up {index + 1}
            </Button>
          </div>
        ))}
        <Button
          variant="outline"
          className="margin-top-1"
          onClick={() => followUps.append({ what: "", dueOn: followUpDueOn(new Date(), 24, timeZone) } as never)}
        >
          Add a follow-up
        </Button>
      </fieldset>
      <FormButtons submit={open.isPending ? "Recording…" : "Record crisis"} onCancel={onCancel} />
    </Form>
  );
}

const itemOptions = (Object.keys(itemWords) as ChecklistItem[]).map((item) => ({ value: item, label: itemWords[item] }));

function ChecklistForm({
  caseId,
  crisis,
  contacts,
  onSaved,
  onCancel,
}: {
  caseId: string;
  crisis: Crisis;
  contacts: CrisisContact[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const record = useRecordChecklist(caseId, crisis.id);
  const form = useContractForm(checklistEntryBody, {
    defaultValues: {
      item: "person_safe",
      answer: "",
      call: { contactId: "", name: "", at: toLocalInput(new Date()) },
      to: "",
      note: "",
    } as never,
    // Only the chosen item's fields are sent (the others stay in the form, unused).
    toRequest: (values: { item?: string; answer?: unknown; call?: CallValues; to?: unknown; note?: unknown }) => {
      const note = values.note;
      if (values.item === "called") return { item: "called", call: callToRequest(values.call ?? {}), note };
      if (values.item === "referral") return { item: "referral", to: values.to, note };
      return { item: values.item, answer: values.answer, note };
    },
    messages: { answer: "Choose an answer" },
  });
  const item = form.watch("item" as never) as unknown as ChecklistItem;
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await record.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Update the crisis checklist"
      summaryHeadingLevel="h3"
    >
      <SelectField name="item" label="Checklist item" options={itemOptions} />
      {item === "person_safe" ? <RadioGroupField name="answer" legend="Is the person safe now?" options={safeOptions} /> : null}
      {item === "emergency_services" ? <RadioGroupField name="answer" legend="Are emergency services involved?" options={yesNo} /> : null}
      {item === "called" ? (
        <>
          <SelectField
            name="call.contactId"
            label="Crisis contact"
            options={contactOptions(contacts)}
            placeholder="Someone else (name them below)"
          />
          <TextField name="call.name" label="Or who else was called" maxLength={300} />
          <TextField name="call.at" label="When" type="datetime-local" max={toLocalInput(new Date())} />
        </>
      ) : null}
      {item === "referral" ? <TextField name="to" label="Referred to" maxLength={300} /> : null}
      <TextField name="note" label="Note (optional)" maxLength={1000} />
      <FormButtons submit={record.isPending ? "Saving…" : "Save"} onCancel={onCancel} />
    </Form>
  );
}

function FollowUpForm({
  caseId,
  crisis,
  onSaved,
  onCancel,
}: {
  caseId: string;
  crisis: Crisis;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const add = useAddFollowUp(caseId, crisis.id);
  const today = useAgencyToday();
  const form = useContractForm(newFollowUpBody, {
    defaultValues: { what: "", dueOn: today } as never,
    messages: { what: "Say what the follow-up is", dueOn: "Give the day it is due" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await add.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Add a follow-up"
      summaryHeadingLevel="h3"
    >
      <TextField name="what" label="Follow-up" maxLength={200} />
      <TextField name="dueOn" label="Due" type="date" min={today} />
      <FormButtons submit={add.isPending ? "Adding…" : "Add follow-up"} onCancel={onCancel} />
    </Form>
  );
}

function CloseForm({ caseId, crisis, onSaved, onCancel }: { caseId: string; crisis: Crisis; onSaved: () => void; onCancel: () => void }) {
  const closeCrisis = useCloseCrisis(caseId, crisis.id);
  const open = crisis.followUps.filter((followUp) => followUp.taskStatus === "open" || followUp.taskStatus === "snoozed");
  const form = useContractForm(closeCrisisBody, {
    defaultValues: { expectedVersion: crisis.version, summary: "", openFollowUps: open.length === 0 ? "keep" : "" } as never,
    messages: { summary: "Write a closing summary", openFollowUps: "Say what happens to the open follow-ups" },
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        await closeCrisis.mutateAsync(input);
        onSaved();
      }}
      className="usa-form maxw-full"
      aria-label="Close the crisis"
      summaryHeadingLevel="h3"
    >
      <p>
        Closing ends the crisis ({crisisTypeLabels[crisis.type].toLowerCase()}) and removes its flag from the caseload. A closed crisis no
        longer changes.
      </p>
      <TextAreaField name="summary" label="Closing summary" rows={3} maxLength={4000} />
      {open.length > 0 ? (
        <RadioGroupField
          name="openFollowUps"
          legend={`${open.length === 1 ? "1 follow-up is" : `${open.length} follow-ups are`} still open: what happens to ${open.length === 1 ? "it" : "them"}?`}
          options={[
            { value: "done", label: "Mark done: followed up" },
            { value: "dismissed", label: "Dismiss: no longer needed" },
            { value: "keep", label: "Keep open on the task list" },
          ]}
        />
      ) : null}
      <FormButtons submit={closeCrisis.isPending ? "Closing…" : "Close the crisis"} onCancel={onCancel} />
    </Form>
  );
}
