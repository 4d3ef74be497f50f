import { useState } from "react";
import { useFieldArray } from "react-hook-form";
import { followUpDefaultsBody, newCrisisContactBody, updateCrisisContactBody } from "../../../../shared/contract/crisis";
import { CheckboxField, Form, FormButtons, SelectField, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, Dialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import {
  type CrisisContact,
  type CrisisSettings,
  useAddCrisisContact,
  useAreas,
  useCrisisSettings,
  useSaveFollowUpDefaults,
  useUpdateCrisisContact,
} from "../api/crisis";
import { PhoneLink } from "../components/crisis-section";

type Area = { id: string; name: string };

/** Administrators: the 24/7 crisis contacts of each area, shown on the crisis form, and the follow-ups a crisis starts with. */
export function CrisisContactsPage() {
  usePageTitle("Crisis contacts");
  const settings = useCrisisSettings();
  const areas = useAreas();
  const [editing, setEditing] = useState<CrisisContact | null>(null);
  const [notice, setNotice] = useState("");
  return (
    <>
      <h1>Crisis contacts</h1>
      <p className="maxw-tablet-lg">
        Officers see the crisis contacts of a person's area, and those for every area, when they record a crisis, with a link that calls the
        number from a phone.
      </p>
      {settings.isPending || areas.isPending ? <Loading /> : null}
      <ErrorAlert error={settings.error ?? areas.error} />
      {notice ? (
        <Alert type="success" slim role="status">
          {notice}
        </Alert>
      ) : null}
      {settings.data && areas.data ? (
        <>
          <Table caption="Crisis contacts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Service</th>
                <th scope="col">Phone</th>
                <th scope="col">Hours</th>
                <th scope="col">Area</th>
                <th scope="col">
                  <span className="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {settings.data.contacts.length === 0 ? (
                <tr>
                  <td colSpan={6}>No crisis contacts yet.</td>
                </tr>
              ) : null}
              {settings.data.contacts.map((contact) => (
                <tr key={contact.id}>
                  <th scope="row">
                    {contact.name}
                    {contact.active ? "" : " (no longer offered)"}
                  </th>
                  <td>{contact.service}</td>
                  <td>
                    <PhoneLink phone={contact.phone} />
                  </td>
                  <td>{contact.available24x7 ? "24/7" : contact.hours}</td>
                  <td>{contact.unitName ?? "Every area"}</td>
                  <td>
                    <Button variant="unstyled" onClick={() => setEditing(contact)}>
                      Change<span className="usa-sr-only"> {contact.name}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <AddContactForm areas={areas.data} onSaved={(name) => setNotice(`Crisis contact ${name} added.`)} />
          <FollowUpDefaultsForm key={JSON.stringify(settings.data.followUpDefaults)} settings={settings.data} />
          {editing ? (
            <Dialog title={`Change ${editing.name}`} onClose={() => setEditing(null)}>
              <EditContactForm
                contact={editing}
                areas={areas.data}
                onSaved={(name) => {
                  setEditing(null);
                  setNotice(`Crisis contact ${name} saved.`);
                }}
                onCancel={() => setEditing(null)}
              />
            </Dialog>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function ContactFields({ areas }: { areas: Area[] }) {
  return (
    <>
      <TextField name="name" label="Name" maxLength={120} />
      <TextField name="service" label="Service" hint="For example: mobile crisis team, suicide and crisis line." maxLength={200} />
      <TextField name="phone" label="Phone" type="tel" maxLength={40} />
      <CheckboxField name="available24x7" label="Answers 24 hours a day, 7 days a week" />
      <TextField name="hours" label="Hours, when not 24/7" hint="For example: weekdays 8 am – 8 pm." maxLength={200} />
      <SelectField
        name="unitId"
        label="Area"
        options={areas.map((area) => ({ value: area.id, label: area.name }))}
        placeholder="Every area"
      />
    </>
  );
}

const contactMessages = {
  name: "Enter the contact's name",
  service: "Say what service it is",
  phone: "Enter a phone number, such as 988 or (555) 010-0111",
};

function AddContactForm({ areas, onSaved }: { areas: Area[]; onSaved: (name: string) => void }) {
  const add = useAddCrisisContact();
  const form = useContractForm(newCrisisContactBody, {
    defaultValues: { name: "", service: "", phone: "", available24x7: true, hours: "", unitId: "" } as never,
    messages: contactMessages,
  });
  return (
    <section aria-labelledby="new-crisis-contact" className="margin-top-4">
      <h2 id="new-crisis-contact">Add a crisis contact</h2>
      <Form
        form={form}
        onSubmit={async (input) => {
          const saved = await add.mutateAsync(input);
          form.reset();
          onSaved(saved.name);
        }}
        summaryHeadingLevel="h3"
        aria-label="Add a crisis contact"
      >
        <ContactFields areas={areas} />
        <SubmitButton>{add.isPending ? "Adding…" : "Add crisis contact"}</SubmitButton>
      </Form>
    </section>
  );
}

function EditContactForm({
  contact,
  areas,
  onSaved,
  onCancel,
}: {
  contact: CrisisContact;
  areas: Area[];
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const update = useUpdateCrisisContact(contact.id);
  const form = useContractForm(updateCrisisContactBody, {
    defaultValues: {
      name: contact.name,
      service: contact.service,
      phone: contact.phone,
      available24x7: contact.available24x7,
      hours: contact.hours ?? "",
      unitId: contact.unitId ?? "",
      active: contact.active,
      expectedVersion: contact.version,
    } as never,
    messages: contactMessages,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => {
        const saved = await update.mutateAsync(input);
        onSaved(saved.name);
      }}
      summaryHeadingLevel="h3"
      aria-label={`Change ${contact.name}`}
    >
      <ContactFields areas={areas} />
      <CheckboxField name="active" label="Offered on the crisis form" hint="Untick to take it off the form; crises that name it keep it." />
      <FormButtons submit={update.isPending ? "Saving…" : "Save"} onCancel={onCancel} />
    </Form>
  );
}

function FollowUpDefaultsForm({ settings }: { settings: CrisisSettings }) {
  const save = useSaveFollowUpDefaults();
  const [saved, setSaved] = useState(false);
  const form = useContractForm(followUpDefaultsBody, {
    defaultValues: { followUps: settings.followUpDefaults } as never,
  });
  const followUps = useFieldArray({ control: form.control, name: "followUps" as never });
  return (
    <section aria-labelledby="follow-up-defaults" className="margin-top-4">
      <h2 id="follow-up-defaults">Follow-ups a crisis starts with</h2>
      <p className="maxw-tablet-lg">
        {settings.followUpDefaultsAreShipped ? "Waypoint's defaults are in use. " : ""}The officer can change the days or remove any when
        recording a crisis; each follow-up becomes a task.
      </p>
      {saved ? (
        <Alert type="success" slim role="status">
          Follow-ups saved.
        </Alert>
      ) : null}
      <Form
        form={form}
        onSubmit={async (input) => {
          setSaved(false);
          await save.mutateAsync(input);
          setSaved(true);
        }}
        summaryHeadingLevel="h3"
        aria-label="Follow-ups a crisis starts with"
      >
        {followUps.fields.map((followUp, index) => (
          <div key={followUp.id} className="border-left-05 border-base-lighter padding-left-1 margin-top-2">
            <TextField name={`followUps.${index}.what`} label={`Follow-up ${index + 1}`} maxLength={200} />
            <TextField name={`followUps.${index}.withinHours`} label={`Follow-up ${index + 1}: within how many hours`} numeric />
            <Button variant="unstyled" onClick={() => followUps.remove(index)}>
              Remove follow-up {index + 1}
            </Button>
          </div>
        ))}
        {followUps.fields.length < 6 ? (
          <Button variant="outline" className="margin-top-2" onClick={() => followUps.append({ what: "", withinHours: 24 } as never)}>
            Add a follow-up
          </Button>
        ) : null}
        <div className="margin-top-2">
          <SubmitButton>{save.isPending ? "Saving…" : "Save follow-ups"}</SubmitButton>
        </div>
      </Form>
    </section>
  );
}
