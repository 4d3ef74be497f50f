import { ErrorAlert, Loading, Table } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { contactOutcomeLabels, contactTypeLabels } from "../../../lib/supervision-labels";
import { useCaseContacts } from "../api/contacts";

/** The case's contacts, newest first, each linked to the note documenting it. */
export function ContactList({ caseId }: { caseId: string }) {
  const contacts = useCaseContacts(caseId);
  if (contacts.isPending) return <Loading label="Loading contacts…" />;
  if (contacts.isError) return <ErrorAlert error={contacts.error} />;
  if (contacts.data.length === 0) return <p>No contacts recorded for this case.</p>;
  return (
    <Table caption="Contacts of this case, newest first">
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Type</th>
          <th scope="col">Outcome</th>
          <th scope="col">Location and people present</th>
          <th scope="col">Officer</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {contacts.data.map((item) => (
          <tr key={item.id} data-contact-id={item.id}>
            <th scope="row" className="waypoint-nowrap">
              {formatDateTime(item.occurredAt)}
            </th>
            <td data-column="type">{contactTypeLabels[item.contactType]}</td>
            <td data-column="outcome">
              {contactOutcomeLabels[item.outcome]}
              {item.verifiedAddressId ? <div className="font-sans-3xs">Address verified</div> : null}
            </td>
            <td>
              {item.location ?? "—"}
              {item.peoplePresent ? <div className="font-sans-3xs">Present: {item.peoplePresent}</div> : null}
            </td>
            <td>{item.officer.displayName}</td>
            <td>
              {item.noteId ? (
                <a className="usa-link" href={`#note-${item.noteId}`}>
                  Note<span className="usa-sr-only"> of the contact on {formatDateTime(item.occurredAt)}</span>
                </a>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
