import { expect, inject, it } from "vitest";
import type { z } from "zod";
import type { CaseloadEntry, caseloadPage } from "../../src/shared/contract/caseload";
import { AppShell } from "../pages/app-shell";
import { CaseloadPage, NewPersonPage, PersonPage } from "../pages/caseload-pages";
import { expectNoSeriousA11yViolations, expectNoViolationsOf } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

type Entry = CaseloadEntry;
type CaseloadAnswer = z.infer<typeof caseloadPage>;

/** A signed-in API call from the page (the session cookie is HttpOnly; the browser sends it). */
async function apiGet<T>(page: import("playwright-core").Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
    return { status: response.status, body: (await response.json()) as T };
  }, path);
}

const fullName = (name: Entry["person"]["name"]) => [name.first, name.middle, name.last].filter(Boolean).join(" ");

describeInBrowser("caseload, person page, notes, intake and transfer", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("shows an officer the caseload by priority with the reason, the count, and filters by level", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const caseload = new CaseloadPage(page);
    await caseload.table().waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.title()).toBe("Caseload | Waypoint");
    expect(await caseload.heading().textContent()).toBe("Your caseload");

    const answer = await apiGet<CaseloadAnswer>(page, "/api/v1/caseload?limit=50");
    expect(answer.status).toBe(200);
    const { entries, total } = answer.body;
    expect(total).toBeGreaterThan(0);
    expect(await caseload.count().textContent()).toBe(`Showing ${entries.length} of ${total} cases`);

    // Rows in the server's priority order, each with its reason visible.
    const reasons = await caseload.column("priority");
    expect(reasons).toEqual(entries.map((entry) => entry.priorityReason || "Routine"));
    expect(reasons[0]?.trim().length).toBeGreaterThan(0);
    const scores = entries.map((entry) => entry.priorityScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await caseload.rows().first().getByRole("link").textContent()).toContain(entries[0]?.person.name.last);
    await expectNoSeriousA11yViolations(page, "caseload");

    await caseload.filterBy("Supervision level", "High");
    await page.waitForURL(/level=high/);
    const high = await apiGet<CaseloadAnswer>(page, "/api/v1/caseload?level=high&limit=50");
    expect(high.body.total).toBeGreaterThan(0);
    await expect.poll(() => caseload.column("level"), { timeout: 10_000 }).toEqual(high.body.entries.map(() => "High"));
    expect(await caseload.count().textContent()).toBe(
      `Showing ${high.body.entries.length} of ${high.body.total} ${high.body.total === 1 ? "case" : "cases"}`,
    );
  });

  it("opens a person with a safety caution, writes, signs and amends a note", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.south1");
    const caseload = new CaseloadPage(page);
    await caseload.table().waitFor();

    const all = await apiGet<CaseloadAnswer>(page, "/api/v1/caseload?limit=200");
    const withCaution = all.body.entries.find((entry) => entry.hasSafetyCautions);
    if (!withCaution) throw new Error("The demo caseload of officer.south1 has no person with a safety caution.");

    // Find the person with the search box and open them from the caseload.
    await caseload.search(withCaution.person.agencyPersonNumber);
    await page.waitForURL(/search=/);
    await expect.poll(() => caseload.rows().count()).toBe(1);
    await caseload.personLink(withCaution.person.agencyPersonNumber).click();

    // The link navigates in the page: the caseload's heading stays until the person's page has loaded, so wait for the person's.
    const person = new PersonPage(page);
    await page.waitForURL(`**/people/${withCaution.person.id}`);
    await person
      .heading()
      .filter({ hasText: fullName(withCaution.person.name) })
      .waitFor();
    expect(await person.heading().textContent()).toBe(fullName(withCaution.person.name));
    expect(await page.title()).toBe("Person record | Waypoint");
    await person.cautionAlert().waitFor();
    const facts = await person.facts().allTextContents();
    expect(facts).toContain(withCaution.person.agencyPersonNumber);
    expect(facts.some((fact) => fact.includes(withCaution.officer.displayName))).toBe(true);

    // Draft → sign → amend.
    const original = `Home visit e2e ${Date.now()}: client present, residence checked.`;
    const noteId = await person.addDraftNote(original);
    expect(await person.note(noteId).getByText("Draft", { exact: true }).count()).toBe(1);
    // Signing is final: it asks first, showing what will be signed, with focus in the dialog; keeping it a draft signs nothing.
    const confirm = await person.askToSign(noteId);
    expect(await confirm.getByRole("definition").allTextContents()).toContain(original);
    expect(await confirm.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await expectNoSeriousA11yViolations(page, "sign note confirmation");
    await confirm.getByRole("button", { name: "Keep as draft" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await person.note(noteId).getByText("Draft", { exact: true }).count()).toBe(1);
    await person.sign(noteId);
    const signed = person.note(noteId);
    expect(await signed.getByTestId("note-narrative").textContent()).toBe(original);
    // A signed note offers no edit control, only "Amend".
    expect(await signed.getByRole("textbox").count()).toBe(0);
    expect(await signed.getByRole("button", { name: /Save|Sign|Edit/ }).count()).toBe(0);
    expect(await signed.getByRole("button", { name: "Amend" }).count()).toBe(1);

    const correction = `${original} Correction: the visit was announced.`;
    const amendmentId = await person.amend(noteId, correction);
    await person.sign(amendmentId);
    const amendment = person.note(amendmentId);
    expect(await amendment.getByTestId("note-narrative").textContent()).toBe(correction);
    // Linked both ways, and the original is unchanged.
    expect(await amendment.getByRole("link", { name: /the note of/ }).getAttribute("href")).toBe(`#note-${noteId}`);
    expect(await signed.getByRole("link", { name: "amendment 1" }).getAttribute("href")).toBe(`#note-${amendmentId}`);
    expect(await signed.getByTestId("note-narrative").textContent()).toBe(original);
    expect(await signed.getByRole("textbox").count()).toBe(0);

    // Searching the notes finds it; the results page has a sound heading order and only allowed roles.
    await page.goto(`/notes/search?q=${encodeURIComponent("residence checked")}`);
    await page.getByRole("status").filter({ hasText: /match/ }).waitFor();
    await page.getByRole("heading", { level: 3 }).first().waitFor();
    await expectNoViolationsOf(page, ["heading-order", "aria-allowed-role"], "note search results");
    await expectNoSeriousA11yViolations(page, "note search results");
    await person.goto(withCaution.person.id);
    await person.heading().waitFor();

    // The server agrees: the original is still signed with its text.
    const notes = await apiGet<{ notes: { id: string; narrative: string; status: string; amendsNoteId: string | null }[] }>(
      page,
      `/api/v1/cases/${withCaution.caseId}/notes?limit=200`,
    );
    const saved = notes.body.notes.find((note) => note.id === noteId);
    expect(saved).toMatchObject({ narrative: original, status: "signed" });
    expect(notes.body.notes.find((note) => note.id === amendmentId)).toMatchObject({ amendsNoteId: noteId, status: "signed" });
    await expectNoSeriousA11yViolations(page, "person page with notes");
  });

  it("lets a supervisor transfer a case; the previous officer then has no access", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "supervisor.north");
    const caseload = new CaseloadPage(page);
    await caseload.table().waitFor();
    expect(await caseload.heading().textContent()).toBe("North Field Office caseload");

    // The whole unit is more than one page: "Load more" fetches the rest.
    const unit = await apiGet<CaseloadAnswer>(page, "/api/v1/caseload?limit=1");
    expect(unit.body.total).toBeGreaterThan(50);
    expect(await caseload.count().textContent()).toBe(`Showing 50 of ${unit.body.total} cases`);
    await page.getByRole("button", { name: "Load more" }).click();
    await caseload
      .count()
      .filter({ hasText: `Showing ${Math.min(100, unit.body.total)} of ${unit.body.total} cases` })
      .waitFor();
    expect(await caseload.rows().count()).toBe(Math.min(100, unit.body.total));

    const users = await apiGet<{ id: string; username: string }[]>(page, "/api/v1/users");
    const north2 = users.body.find((user) => user.username === "officer.north2");
    if (!north2) throw new Error("officer.north2 is not in the supervisor's unit");
    await caseload.filterBy("Officer", "Marcus Bell");
    await page.waitForURL(/officerId=/);
    const ofNorth2 = await apiGet<CaseloadAnswer>(page, `/api/v1/caseload?officerId=${north2.id}&limit=200`);
    // A person with only this case, and no co-officer on it, so the transfer ends officer.north2's access.
    let target: Entry | undefined;
    for (const entry of ofNorth2.body.entries.filter((candidate) => candidate.officer.id === north2.id)) {
      const record = await apiGet<{ cases: { coOfficers: unknown[] }[] }>(page, `/api/v1/people/${entry.person.id}`);
      if (record.body.cases.length === 1 && record.body.cases[0]?.coOfficers.length === 0) {
        target = entry;
        break;
      }
    }
    if (!target) throw new Error("No suitable case of officer.north2 in the demo data.");

    await caseload.search(target.person.agencyPersonNumber);
    await expect.poll(() => caseload.rows().count()).toBe(1);
    await caseload.personLink(target.person.agencyPersonNumber).click();
    const person = new PersonPage(page);
    // Wait for this person's heading: the caseload's own heading stays until the navigation has rendered.
    await person
      .heading()
      .filter({ hasText: fullName(target.person.name) })
      .waitFor();
    expect(await person.facts().allTextContents()).toContain("Marcus Bell");

    await person.transfer("Olivia Ortiz", "Caseload balancing (browser test)");
    await page.getByRole("status").filter({ hasText: "was transferred to Olivia Ortiz" }).waitFor();
    await expect.poll(async () => person.facts().allTextContents()).toContain("Olivia Ortiz");

    // officer.north2 loses access: the page says so and the API refuses.
    const previous = await browser.newPage(baseUrl);
    await signInAsDemoUser(previous, baseUrl, "officer.north2");
    const theirs = new PersonPage(previous);
    await theirs.goto(target.person.id);
    await theirs.noAccessHeading().waitFor();
    expect(await previous.title()).toBe("No access | Waypoint");
    expect((await apiGet<unknown>(previous, `/api/v1/people/${target.person.id}`)).status).toBe(403);
    const stillListed = await apiGet<CaseloadAnswer>(previous, `/api/v1/caseload?search=${target.person.agencyPersonNumber}`);
    expect(stillListed.body.total).toBe(0);
  });

  it("creates a person at intake and shows a duplicate agency number on its field", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    await new CaseloadPage(page).main().getByRole("link", { name: "New person" }).click();
    const intake = new NewPersonPage(page);
    await intake.heading().waitFor();
    expect(await page.title()).toBe("New person | Waypoint");
    await expectNoSeriousA11yViolations(page, "intake form");

    // Nothing filled in: the error summary takes focus and links to each field with a problem.
    await intake.submitEmpty();
    const summary = intake.errorSummary();
    await summary.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true);
    const links = await summary.getByRole("link").allTextContents();
    expect(links).toEqual(expect.arrayContaining(["Enter the first name", "Enter the agency person number", "Enter the case number"]));
    expect(links).not.toContain("Enter a value");
    await summary.getByRole("link", { name: "Enter the agency person number" }).click();
    expect(await intake.field("Agency person number").evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await intake.field("Agency person number").getAttribute("aria-invalid")).toBe("true");
    expect(await intake.fieldError("Agency person number").textContent()).toBe("Enter the agency person number");
    await expectNoSeriousA11yViolations(page, "intake form, errors summarised");

    const suffix = String(Date.now()).slice(-7);
    const values = {
      firstName: "Rowan",
      lastName: `Intake${suffix}`,
      dateOfBirth: "1991-04-12",
      agencyPersonNumber: `E2E${suffix}`,
      caseNumber: `PR-E2E-${suffix}`,
      authority: "Superior Court of Demo County",
      supervisionStart: "2026-01-05",
      offense: "Burglary in the second degree",
    };
    await intake.submit(values);
    const person = new PersonPage(page);
    await person
      .heading()
      .filter({ hasText: `Rowan Intake${suffix}` })
      .waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    expect(await person.facts().allTextContents()).toContain(values.agencyPersonNumber);
    expect(await page.getByRole("rowheader", { name: values.offense }).count()).toBe(1);

    // The same agency number again: 409, shown on the field.
    await new AppShell(page).navigation().getByRole("link", { name: "New person" }).click();
    await intake.heading().waitFor();
    await intake.submit({ ...values, firstName: "Robin", caseNumber: `PR-E2E-${suffix}-2` });
    await page
      .getByRole("alert")
      .filter({ hasText: /Already in use/ })
      .waitFor();
    expect(await intake.fieldError("Agency person number").textContent()).toMatch(/already used/i);
    // The server's field error is also in the summary, linking to its field, and the summary has focus.
    await expect.poll(() => intake.errorSummary().evaluate((element) => element === document.activeElement)).toBe(true);
    await intake
      .errorSummary()
      .getByRole("link", { name: /already used/i })
      .first()
      .click();
    expect(await intake.field("Agency person number").evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await intake.field("Agency person number").getAttribute("aria-invalid")).toBe("true");
    expect(await intake.fieldError("Case number").count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/people/new");
    await expectNoSeriousA11yViolations(page, "intake form with errors");
  });
});
