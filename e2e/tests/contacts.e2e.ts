import { expect, inject, it } from "vitest";
import type { z } from "zod";
import type { CaseloadEntry, caseloadPage } from "../../src/shared/contract/caseload";
import type { caseStandards, contactStandards, standardState } from "../../src/shared/contract/contacts";
import { AppShell } from "../pages/app-shell";
import { CaseloadPage, PersonPage } from "../pages/caseload-pages";
import { ContactStandardsAdminPage, PersonContactsSection, standardKindLabels } from "../pages/contacts-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

type Entry = CaseloadEntry;
type CaseloadAnswer = z.infer<typeof caseloadPage>;
type State = z.infer<typeof standardState>;
type Standards = z.infer<typeof caseStandards>;
type AgencyStandards = z.infer<typeof contactStandards>;

/** A calendar date as the page shows it. */
const shownDate = (isoDate: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
const stateOf = (standards: Standards, kind: State["kind"]) => standards.states.find((state) => state.kind === kind);
const missing = (state: State | undefined) => (state ? Math.max(0, state.required - state.done) : 0);

describeInBrowser("contacts and contact standards", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("records an office visit and a home visit for an overdue person: the standards are met and the caseload flag clears", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north2");
    const caseload = new CaseloadPage(page);
    await caseload.table().waitFor();

    // A person of this officer who has not been seen since supervision began last month: the monthly
    // face-to-face and field standards and the home verification of their address are overdue.
    const created = await intakeUnseenSinceLastMonth(page, {
      prefix: "E2E",
      firstName: "Dana",
      lastName: "Overdue",
      dateOfBirth: "1988-05-20",
      supervisionType: "probation",
      authorityName: "Superior Court",
      level: "moderate",
      line1: "77 Overdue Lane",
      city: "Atlanta",
      postalCode: "30303",
    });
    const standards = (await api<Standards>(page, `/api/v1/cases/${created.caseId}/standards`)).body;
    const homeVisits = Math.max(1, missing(stateOf(standards, "field")));
    const target = { standards, homeVisits, officeVisits: Math.max(1, missing(stateOf(standards, "face_to_face")) - homeVisits) };
    const entry = { caseId: created.caseId, person: { id: created.personId, agencyPersonNumber: created.unique } };
    expect(stateOf(standards, "face_to_face")?.status).toBe("overdue");
    const wasOverdue = target.standards.states.filter((state) => state.status === "overdue").map((state) => state.kind);

    // The caseload row says Overdue, in words.
    await caseload.search(entry.person.agencyPersonNumber);
    await expect.poll(() => caseload.rows().count()).toBe(1);
    expect(await caseload.rows().first().locator('td[data-column="contact-status"]').textContent()).toContain("Overdue");
    await caseload.personLink(entry.person.agencyPersonNumber).click();

    const person = new PersonPage(page);
    await person.heading().waitFor();
    // A person with more than one case: show this one.
    const caseShown = page.getByLabel("Case shown");
    if ((await caseShown.count()) > 0) await caseShown.selectOption(entry.caseId);
    const contacts = new PersonContactsSection(page);
    await contacts.standards().waitFor();
    for (const kind of wasOverdue) expect(await contacts.status(standardKindLabels[kind])).toBe("Overdue");
    // The missed previous period and the current one are separate rows, each with its own period, due date and status.
    const faceToFace = stateOf(standards, "face_to_face")!;
    const missedRow = contacts.missedPeriod("Face-to-face contacts");
    const currentRow = contacts.standard("Face-to-face contacts");
    expect(faceToFace.missedPeriod).not.toBeNull();
    expect(await missedRow.locator('td[data-column="status"]').textContent()).toContain("Overdue");
    expect(await currentRow.locator('td[data-column="status"]').textContent()).not.toContain("Overdue");
    const dueBy = async (row: typeof currentRow) => (await row.locator("td").nth(2).textContent())?.trim();
    expect(await dueBy(missedRow)).toBe(shownDate(faceToFace.missedPeriod!.periodEnd));
    expect(await dueBy(currentRow)).toBe(shownDate(faceToFace.periodEnd));

    for (let visit = 0; visit < target.officeVisits; visit++) {
      await contacts.record({ type: "Office visit", outcome: "Completed", location: "North Field Office", peoplePresent: "Client" });
    }
    for (let visit = 0; visit < target.homeVisits; visit++) {
      const saved = await contacts.record({
        type: "Scheduled home visit",
        outcome: "Completed",
        location: "Residence",
        peoplePresent: "Client and partner",
      });
      expect(await contacts.contact(saved.id).textContent()).toContain("Scheduled home visit");
    }

    // The panel shows Met for every standard that was overdue; the server agrees.
    for (const kind of wasOverdue) await expect.poll(() => contacts.status(standardKindLabels[kind]), { timeout: 10_000 }).toBe("Met");
    const after = (await api<Standards>(page, `/api/v1/cases/${entry.caseId}/standards`)).body;
    for (const kind of wasOverdue) expect(stateOf(after, kind)?.status).toBe("met");
    // The completed home visit verified the current address.
    await page
      .getByRole("region", { name: "Addresses" })
      .getByText(/^Verified on/)
      .first()
      .waitFor();

    // The caseload no longer flags the person as overdue.
    const row = (await api<CaseloadAnswer>(page, `/api/v1/caseload?search=${entry.person.agencyPersonNumber}`)).body.entries[0];
    expect(row?.contactStatus).not.toBe("overdue");
    await new AppShell(page).navigation().getByRole("link", { name: "Caseload" }).click();
    await caseload.search(entry.person.agencyPersonNumber);
    await expect.poll(() => caseload.rows().count()).toBe(1);
    await expect
      .poll(() => caseload.rows().first().locator('td[data-column="contact-status"]').textContent(), { timeout: 10_000 })
      .not.toContain("Overdue");
  });

  it("records an attempted unannounced home visit with a narrative: listed as attempted, a draft note, no face-to-face credit", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const caseload = new CaseloadPage(page);
    await caseload.table().waitFor();

    const all = await api<CaseloadAnswer>(page, "/api/v1/caseload?limit=200");
    let target: { entry: Entry; before: Standards } | undefined;
    for (const entry of all.body.entries) {
      const record = await api<{ cases: unknown[] }>(page, `/api/v1/people/${entry.person.id}`);
      if (record.body.cases.length !== 1) continue;
      const before = (await api<Standards>(page, `/api/v1/cases/${entry.caseId}/standards`)).body;
      if (stateOf(before, "face_to_face")) {
        target = { entry, before };
        break;
      }
    }
    if (!target) throw new Error("No person of officer.north1 with a face-to-face standard.");
    const ftfBefore = stateOf(target.before, "face_to_face");

    const person = new PersonPage(page);
    await person.goto(target.entry.person.id);
    await person.heading().waitFor();
    const contacts = new PersonContactsSection(page);
    await contacts.standards().waitFor();
    expect(await contacts.done("Face-to-face contacts")).toBe(`${ftfBefore?.done} of ${ftfBefore?.required}`);

    const narrative = `Unannounced home visit e2e ${Date.now()}: no answer at the door, card left.`;
    const saved = await contacts.record({
      type: "Unannounced home visit",
      outcome: "Attempted",
      location: "Residence",
      narrative,
    });
    const row = contacts.contact(saved.id);
    expect(await row.locator('td[data-column="type"]').textContent()).toBe("Unannounced home visit");
    expect(await row.locator('td[data-column="outcome"]').textContent()).toBe("Attempted");
    // A draft note documents it, linked from the contact.
    expect(saved.noteId).toBeTruthy();
    expect(await row.getByRole("link", { name: /^Note/ }).getAttribute("href")).toBe(`#note-${saved.noteId}`);
    const note = person.note(saved.noteId ?? "");
    await note.waitFor();
    // The author's own draft opens in its edit form.
    expect(await note.getByLabel("Narrative").inputValue()).toBe(narrative);
    expect(await note.getByText("Draft", { exact: true }).count()).toBe(1);

    // An attempted visit is no face-to-face contact: the count did not change.
    expect(await contacts.done("Face-to-face contacts")).toBe(`${ftfBefore?.done} of ${ftfBefore?.required}`);
    const after = (await api<Standards>(page, `/api/v1/cases/${target.entry.caseId}/standards`)).body;
    expect(stateOf(after, "face_to_face")?.done).toBe(ftfBefore?.done);
    const notes = await api<{ notes: { id: string; status: string; narrative: string }[] }>(
      page,
      `/api/v1/cases/${target.entry.caseId}/notes?limit=50`,
    );
    expect(notes.body.notes.find((item) => item.id === saved.noteId)).toMatchObject({ status: "draft", narrative });

    await expectNoSeriousA11yViolations(page, "person page with contacts");
  });

  it("lets an administrator change a contact standard; the change is kept after reloading", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "admin");
    const original = (await api<AgencyStandards>(page, "/api/v1/contact-standards")).body;
    try {
      await new AppShell(page).openFromMenu("Administration", "Contact standards");
      const standards = new ContactStandardsAdminPage(page);
      await standards.heading().waitFor();
      await standards.table().waitFor();
      expect(await page.title()).toBe("Contact standards | Waypoint");
      if (original.isDefault) await page.getByText(/default standards \(CSOSA\) are in use/).waitFor();
      await expectNoSeriousA11yViolations(page, "contact standards administration");

      // A duplicate rule is refused by the server and the error is announced.
      await standards.form().getByRole("button", { name: "Add a requirement" }).click();
      const added = await standards.requirementRows().count();
      await standards.field(added, "supervision level").selectOption({ label: "Moderate" });
      await standards.field(added, "kind of contact").selectOption({ label: "Face-to-face contacts" });
      expect(await standards.save()).toBe(400);
      await page
        .getByRole("alert")
        .filter({ hasText: /Two rules/ })
        .first()
        .waitFor();
      await standards
        .form()
        .getByRole("button", { name: `Remove requirement ${added}` })
        .click();
      expect(await standards.requirementRows().count()).toBe(added - 1);

      // Administrative supervision: face-to-face contacts per period, 1 → 2.
      const n = await standards.rowOf("administrative", "face_to_face");
      const before = Number(await standards.field(n, "number of contacts").inputValue());
      const changed = before === 2 ? 3 : 2;
      await standards.field(n, "number of contacts").fill(String(changed));
      expect(await standards.save()).toBe(200);
      await page.getByRole("status").filter({ hasText: "Contact standards saved" }).waitFor();

      await page.reload();
      await standards.table().waitFor();
      const m = await standards.rowOf("administrative", "face_to_face");
      expect(await standards.field(m, "number of contacts").inputValue()).toBe(String(changed));
      await page.getByText("Your agency's own standards are in use.").waitFor();
      const saved = (await api<AgencyStandards>(page, "/api/v1/contact-standards")).body;
      expect(saved.isDefault).toBe(false);
      expect(
        saved.requirements.find((rule) => rule.supervisionLevel === "administrative" && rule.kind === "face_to_face" && !rule.caseloadTag)
          ?.count,
      ).toBe(changed);
    } finally {
      // Put the agency's standards back for the other journeys.
      const { isDefault: _isDefault, ...body } = original;
      expect((await api<unknown>(page, "/api/v1/contact-standards", "PUT", body)).status).toBe(200);
    }
  });

  it("shows no session warning on a first visit without a session", async () => {
    const page = await browser.newPage(baseUrl);
    await page.goto("/");
    await page.getByRole("heading", { level: 1, name: "Sign in to Waypoint" }).waitFor();
    expect(await page.getByText("Sign in to continue.").count()).toBe(0);
  });
});
