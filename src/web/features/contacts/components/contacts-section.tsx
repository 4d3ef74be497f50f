import { ContactList } from "./contact-list";
import { RecordContactForm } from "./record-contact-form";
import { StandardsPanel } from "./standards-panel";

/** Contact standards of the case, a form to record a contact and the contacts so far. */
export function CaseContacts({ caseId, personId, canRecord }: { caseId: string; personId: string; canRecord: boolean }) {
  return (
    <>
      <h3 id="contact-standards-heading">Contact standards</h3>
      <StandardsPanel caseId={caseId} />
      {canRecord ? (
        <>
          <h3>Record contact</h3>
          <RecordContactForm key={caseId} caseId={caseId} personId={personId} />
        </>
      ) : null}
      <h3>Contact history</h3>
      <ContactList caseId={caseId} />
    </>
  );
}
