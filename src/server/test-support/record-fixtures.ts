// A person on an officer's caseload with one record of each kind, made through the API as that officer:
// the ids let a test aim every endpoint at a record it knows (see the authorization matrix test).
import type { LightMyRequestResponse } from "fastify";
import type { Client, TestApp } from "./harness";
import { intakeFor } from "./supervision-fixtures";

export type PersonRecords = {
  personId: string;
  caseId: string;
  personLastName: string;
  addressId: string;
  cautionId: string;
  employmentId: string;
  /** A household contact of the person (not a supervision contact). */
  personContactId: string;
  aliasId: string;
  signedNoteId: string;
  /** A word only the signed note's narrative contains, for note search. */
  signedNoteWord: string;
  draftNoteId: string;
  /** A word only the draft's narrative contains: drafts are shown to their author alone. */
  draftNoteWord: string;
  /** Another draft, for the sign endpoint (a signed note is no longer a draft). */
  draftToSignNoteId: string;
  contactId: string;
  appointmentId: string;
  /** A second appointment, for the cancel endpoint (a cancelled appointment leaves some lists). */
  spareAppointmentId: string;
  conditionId: string;
  conditionTypeId: string;
  modificationRequestId: string;
  submittedRequestId: string;
  testId: string;
  /** The officer's notification of the positive test (it names the person). */
  notificationId: string;
  /** null when made with fieldVisit: false (an officer has one open visit at a time). */
  fieldVisitId: string | null;
};

function created(response: LightMyRequestResponse, what: string): { id: string } & Record<string, unknown> {
  if (response.statusCode !== 201 && response.statusCode !== 200) {
    throw new Error(`fixture ${what} failed: ${response.statusCode} ${response.body}`);
  }
  return response.json();
}

/** JPEG magic bytes and a little padding: what the photo endpoint accepts. */
export const tinyJpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

/**
 * Everything is dated relative to the test clock: the appointments start `appointmentAt` (later the same local day,
 * for the Today list), notes and the contact an hour or two before now. The case is probation with a random
 * testing program of 31 tests a month, so the day's draw always selects it.
 */
export async function personWithEveryRecord(
  test: TestApp,
  officer: Client,
  options: { tag: string; appointmentAt: Date; fieldVisit?: boolean },
): Promise<PersonRecords> {
  const now = test.clock.now();
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
  const intake = intakeFor({ case: { supervisionType: "probation" } });
  const { personId, caseId } = created(await officer.post("/api/v1/people", intake), "intake") as unknown as {
    personId: string;
    caseId: string;
  };

  const photo = await test.app.inject({
    method: "PUT",
    url: `/api/v1/people/${personId}/photo?expectedVersion=1`,
    headers: { cookie: officer.cookie, "x-csrf-token": officer.csrfToken, "content-type": "image/jpeg" },
    payload: tinyJpeg,
  });
  created(photo, "photo");
  const address = created(
    await officer.post(`/api/v1/people/${personId}/addresses`, {
      line1: "12 Elm Street",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      movedIn: "2026-01-05",
    }),
    "address",
  );
  const caution = created(
    await officer.post(`/api/v1/people/${personId}/cautions`, { kind: "dog", description: "Large dog in the yard" }),
    "caution",
  );

  const employment = created(
    await officer.post(`/api/v1/people/${personId}/employment`, { employer: "Acme", startedOn: "2026-01-10" }),
    "employment",
  );
  const personContact = created(
    await officer.post(`/api/v1/people/${personId}/contacts`, { kind: "household", fullName: "Pat Doe" }),
    "household contact",
  );
  const alias = created(await officer.post(`/api/v1/people/${personId}/aliases`, { fullName: "J. Doe" }), "alias");

  const signedNoteWord = `signedword${options.tag}`;
  const signedNote = created(
    await officer.post(`/api/v1/cases/${caseId}/notes`, {
      noteType: "office",
      occurredAt: hoursAgo(2),
      narrative: `Met in office ${signedNoteWord}`,
    }),
    "note",
  );
  created(await officer.post(`/api/v1/notes/${signedNote.id}/sign`), "note signature");
  const draftNoteWord = `draftword${options.tag}`;
  const draftNote = created(
    await officer.post(`/api/v1/cases/${caseId}/notes`, {
      noteType: "phone",
      occurredAt: hoursAgo(1),
      narrative: `Phone call ${draftNoteWord}`,
    }),
    "draft note",
  );
  const draftToSign = created(
    await officer.post(`/api/v1/cases/${caseId}/notes`, { noteType: "phone", occurredAt: hoursAgo(1), narrative: "Call to be signed" }),
    "second draft note",
  );
  const contact = created(
    await officer.post(`/api/v1/cases/${caseId}/contacts`, { contactType: "office_visit", occurredAt: hoursAgo(2), outcome: "completed" }),
    "contact",
  );

  const appointmentAt = options.appointmentAt.getTime();
  const appointment = created(
    await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt: new Date(appointmentAt).toISOString(),
      endsAt: new Date(appointmentAt + 30 * 60_000).toISOString(),
    }),
    "appointment",
  );
  const spareAppointment = created(
    await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "phone",
      startsAt: new Date(appointmentAt + 60 * 60_000).toISOString(),
      endsAt: new Date(appointmentAt + 90 * 60_000).toISOString(),
    }),
    "spare appointment",
  );

  const catalogue = (await officer.get("/api/v1/condition-types")).json() as { id: string; kind: string }[];
  const conditionTypeId = catalogue.find((type) => type.kind === "standard")!.id;
  const condition = created(
    await officer.post(`/api/v1/cases/${caseId}/conditions`, { conditionTypeId, effectiveFrom: "2026-01-05", orderedBy: "Superior Court" }),
    "condition",
  );
  const modificationRequest = created(
    await officer.post(`/api/v1/cases/${caseId}/modification-requests`, {
      conditionId: condition.id,
      conditionTypeId,
      justification: "Report by phone while working nights",
    }),
    "modification request",
  );
  // A second request, submitted: it awaits a supervisor's decision.
  const submittedRequest = created(
    await officer.post(`/api/v1/cases/${caseId}/modification-requests`, {
      conditionId: condition.id,
      conditionTypeId,
      change: "end",
      justification: "Completed the requirement",
    }),
    "submitted modification request",
  );
  created(await officer.patch(`/api/v1/modification-requests/${submittedRequest.id}`, { status: "submitted" }), "submission");

  created(
    await officer.put(`/api/v1/cases/${caseId}/testing-program`, {
      frequency: "random",
      testsPerMonth: 31,
      panel: ["cocaine"],
      method: "urine",
      startedOn: "2026-01-05",
    }),
    "testing program",
  );
  const drugTest = created(
    await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: `SP-${options.tag}`,
      collectedAt: hoursAgo(3),
      method: "urine",
      results: [{ substance: "cocaine", result: "positive", confirmation: "pending" }],
    }),
    "drug test",
  );
  const [notification] = await test.db.query<{ id: string }>(
    "SELECT id FROM notification WHERE record_id = $1 AND kind = 'drug_test' ORDER BY created_at DESC LIMIT 1",
    [caseId],
  );
  if (!notification) throw new Error("fixture: the positive test raised no notification");

  // The officer stays checked in: the visit is open, on the field-safety board.
  const fieldVisit =
    options.fieldVisit === false
      ? null
      : created(
          await officer.post("/api/v1/field-visits", { caseId, location: `Visit ${options.tag}`, expectedMinutes: 60 }),
          "field visit",
        );

  return {
    personId,
    caseId,
    personLastName: intake.person.lastName,
    addressId: address.id,
    cautionId: caution.id,
    employmentId: employment.id,
    personContactId: personContact.id,
    aliasId: alias.id,
    signedNoteId: signedNote.id,
    signedNoteWord,
    draftNoteId: draftNote.id,
    draftNoteWord,
    draftToSignNoteId: draftToSign.id,
    contactId: contact.id,
    appointmentId: appointment.id,
    spareAppointmentId: spareAppointment.id,
    conditionId: condition.id,
    conditionTypeId,
    modificationRequestId: modificationRequest.id,
    submittedRequestId: submittedRequest.id,
    testId: drugTest.id,
    notificationId: notification.id,
    fieldVisitId: fieldVisit?.id ?? null,
  };
}
