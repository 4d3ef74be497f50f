import { expect, inject, it } from "vitest";
import type { z } from "zod";
import { csosaPolicy, requiredInPeriod } from "../../src/server/features/contacts/contact-standards";
import type { caseStandards } from "../../src/shared/contract/contacts";
import { CaseSupervisionSection } from "../pages/case-supervision-pages";
import { PersonPage } from "../pages/caseload-pages";
import { PersonContactsSection } from "../pages/contacts-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

type Standards = z.infer<typeof caseStandards>;
type Record = {
  cases: { id: string; version: number; supervisionLevel: string; riskLevel: string | null; coOfficers: { displayName: string }[] }[];
};

const faceToFace = (standards: Standards) => standards.states.find((state) => state.kind === "face_to_face");

describeInBrowser("editing the case: level, risk, status and tags with a reason, and co-officers", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer raises the level with a reason: the contact standard and the history follow; a stale edit gets the conflict message", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const created = await intakeUnseenSinceLastMonth(page, {
      prefix: "LVL",
      firstName: "Rae",
      lastName: "Level",
      dateOfBirth: "1990-03-14",
      supervisionType: "parole",
      authorityName: "State Parole Board",
      level: "moderate",
      line1: "12 Level Street",
      city: "Atlanta",
      postalCode: "30303",
    });
    const before = faceToFace((await api<Standards>(page, `/api/v1/cases/${created.caseId}/standards`)).body)!;

    const person = new PersonPage(page);
    await person.goto(created.personId);
    await person.heading().waitFor();
    const contacts = new PersonContactsSection(page);
    await contacts.standards().waitFor();
    expect(await contacts.done("Face-to-face contacts")).toBe(`${before.done} of ${before.required}`);

    const supervision = new CaseSupervisionSection(page);
    expect(await supervision.region().textContent()).toContain("No changes of level, risk, status or tags yet.");
    await supervision.openForm();
    await expectNoSeriousA11yViolations(page, "person page, edit supervision form");

    // No reason: the summary says so, takes focus, and nothing is sent.
    await supervision.form().getByLabel("Supervision level").selectOption({ label: "Intensive" });
    await supervision.form().getByRole("button", { name: "Save changes" }).click();
    await supervision.errorSummary().waitFor();
    expect(await supervision.errorSummary().textContent()).toContain("Give the reason for the change");
    await expect.poll(() => supervision.errorSummary().evaluate((element) => element === document.activeElement)).toBe(true);

    const reason = "Positive test and two missed curfews";
    await supervision.changeLevel("Intensive", reason);
    await supervision.region().getByRole("status").filter({ hasText: "saved" }).waitFor();

    // The contact-standards panel on the same page now shows the intensive standard, as the server computes it.
    const standardsAfter = (await api<Standards>(page, `/api/v1/cases/${created.caseId}/standards`)).body;
    const after = faceToFace(standardsAfter)!;
    // In the month of a change each level counts for its share of the month (on its last days the rounded share of
    // intensive can equal moderate's), so the expectation is the prorated standard from the day of the change.
    const period = { start: after.periodStart, end: after.periodEnd };
    const prorated = requiredInPeriod(
      csosaPolicy,
      {
        levels: [
          { level: "moderate", from: period.start },
          { level: "intensive", from: standardsAfter.today },
        ],
        tags: [],
        contacts: [],
        currentAddress: null,
      },
      "face_to_face",
      period,
    );
    expect(after.required).toBe(prorated?.required);
    expect(after.required).toBeGreaterThanOrEqual(before.required);
    await expect.poll(() => contacts.done("Face-to-face contacts"), { timeout: 10_000 }).toBe(`${after.done} of ${after.required}`);
    await expect.poll(() => page.getByRole("region", { name: "Overview" }).textContent()).toContain("Intensive supervision");

    // The history: who, what from → to, and the reason, in words.
    const entry = supervision.historyEntries().first();
    await entry.waitFor();
    const text = (await entry.textContent()) ?? "";
    expect(text).toContain("Olivia Ortiz");
    expect(text).toMatch(/Supervision level: Moderate\s*→\s*to\s+Intensive/);
    expect(text).toContain(`Reason: ${reason}`);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // Someone else changes the case after this form was opened: saving it gets the conflict message and a way to reload.
    await supervision.openForm();
    const current = (await api<Record>(page, `/api/v1/people/${created.personId}`)).body.cases[0]!;
    const meanwhile = await api(page, `/api/v1/cases/${created.caseId}`, "PATCH", {
      expectedVersion: current.version,
      reason: "Reassessment by phone",
      riskLevel: "very_high",
    });
    expect(meanwhile.status).toBe(200);
    await supervision.form().getByLabel("Supervision level").selectOption({ label: "High" });
    await supervision.form().getByLabel("Reason for the change").fill("Settled after the first week");
    await supervision.form().getByRole("button", { name: "Save changes" }).click();
    await supervision.errorSummary().getByText("Someone else changed this record").waitFor();
    expect(await supervision.errorSummary().textContent()).toMatch(/Olivia Ortiz changed this case on .+ after you opened it\. Reload/);
    expect((await api<Record>(page, `/api/v1/people/${created.personId}`)).body.cases[0]).toMatchObject({
      supervisionLevel: "intensive",
      riskLevel: "very_high",
    });
    await expectNoSeriousA11yViolations(page, "person page, edit conflict");

    // Reloading starts the form from the current version, which then saves.
    await supervision.errorSummary().getByRole("button", { name: "Reload the current version" }).click();
    await expect.poll(() => supervision.form().getByLabel("Risk level").inputValue()).toBe("very_high");
    await supervision.changeLevel("High", "Settled after the first week");
    await supervision.region().getByRole("status").filter({ hasText: "saved" }).waitFor();
    await expect.poll(() => supervision.historyEntries().count()).toBe(3);
    expect(await supervision.historyEntries().first().textContent()).toMatch(/Supervision level: Intensive\s*→\s*to\s+High/);

    for (const size of [desk, phone]) {
      await page.setViewportSize(size);
      await supervision.openForm();
      await expectNoSidewaysScroll(page, `person page with the supervision form at ${size.width} px`);
    }
  });

  it("a supervisor adds a co-officer and removes them after confirming", async () => {
    // A new person on officer.north1's caseload; their supervisor shares the case.
    const officerPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(officerPage, baseUrl, "officer.north1");
    const created = await intakeUnseenSinceLastMonth(officerPage, {
      prefix: "COO",
      firstName: "Cole",
      lastName: "Shared",
      dateOfBirth: "1985-07-02",
      supervisionType: "probation",
      authorityName: "Superior Court",
      level: "moderate",
      line1: "4 Shared Court",
      city: "Atlanta",
      postalCode: "30303",
    });
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "supervisor.north");

    const person = new PersonPage(page);
    await person.goto(created.personId);
    await person.heading().waitFor();
    const supervision = new CaseSupervisionSection(page);
    await supervision.addCoOfficerForm().waitFor();
    expect(await supervision.region().textContent()).toContain("No co-officers.");

    // The supervising officer is not offered.
    const offered = await supervision.addCoOfficerForm().getByLabel("Add a co-officer").locator("option").allTextContents();
    expect(offered).toContain("Marcus Bell");
    expect(offered).not.toContain("Olivia Ortiz");

    await supervision.addCoOfficer("Marcus Bell");
    await supervision.coOfficer("Marcus Bell").waitFor();
    const shared = (await api<Record>(page, `/api/v1/people/${created.personId}`)).body.cases[0]!;
    expect(shared.coOfficers.map((officer) => officer.displayName)).toEqual(["Marcus Bell"]);
    await expectNoSeriousA11yViolations(page, "person page with a co-officer");

    // Removing asks first; keeping changes nothing.
    await supervision.coOfficer("Marcus Bell").getByRole("button", { name: "Remove Marcus Bell" }).click();
    await supervision.removeDialog("Marcus Bell").waitFor();
    await expectNoSeriousA11yViolations(page, "remove co-officer confirmation");
    await supervision.removeDialog("Marcus Bell").getByRole("button", { name: "Keep" }).click();
    expect(await supervision.coOfficer("Marcus Bell").count()).toBe(1);

    await supervision.coOfficer("Marcus Bell").getByRole("button", { name: "Remove Marcus Bell" }).click();
    await supervision.removeDialog("Marcus Bell").getByRole("button", { name: "Remove co-officer" }).click();
    await supervision.region().getByText("Marcus Bell is no longer a co-officer.").waitFor();
    expect(await supervision.region().textContent()).toContain("No co-officers.");
    expect((await api<Record>(page, `/api/v1/people/${created.personId}`)).body.cases[0]!.coOfficers).toEqual([]);

    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "person page, co-officers at 390 px");
  });

  it("a supervisor's co-officer removal and transfer from an out-of-date page get a clear 409, never a silent success", async () => {
    const officerPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(officerPage, baseUrl, "officer.north1");
    const created = await intakeUnseenSinceLastMonth(officerPage, {
      prefix: "XFR",
      firstName: "Tess",
      lastName: "Moved",
      dateOfBirth: "1988-11-20",
      supervisionType: "parole",
      authorityName: "State Parole Board",
      level: "moderate",
      line1: "8 Transfer Way",
      city: "Atlanta",
      postalCode: "30303",
    });
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "supervisor.north");
    const caseNow = async () =>
      (await api<Record & { cases: { officer: { displayName: string } }[] }>(page, `/api/v1/people/${created.personId}`)).body.cases[0]!;
    const version = async () => (await caseNow()).version;

    const person = new PersonPage(page);
    await person.goto(created.personId);
    await person.heading().waitFor();
    const supervision = new CaseSupervisionSection(page);
    await supervision.addCoOfficerForm().waitFor();
    await supervision.addCoOfficer("Marcus Bell");
    await supervision.coOfficer("Marcus Bell").waitFor();
    const added = supervision.region().getByRole("status").filter({ hasText: "Marcus Bell is now a co-officer." });
    await added.waitFor();

    // Another supervisor removes the co-officer after this page was read: removing here is refused, saying why,
    // and the list behind the dialog shows who works the case now.
    const marcus = await officerId(page, "Marcus Bell");
    expect(
      (await api(page, `/api/v1/cases/${created.caseId}/co-officers/${marcus}?expectedVersion=${await version()}`, "DELETE")).status,
    ).toBe(200);
    await supervision.coOfficer("Marcus Bell").getByRole("button", { name: "Remove Marcus Bell" }).click();
    const dialog = supervision.removeDialog("Marcus Bell");
    await dialog.getByRole("button", { name: "Remove co-officer" }).click();
    await dialog.getByText("Marcus Bell is not a co-officer of this case (removed already, or never added).").waitFor();
    await expectNoSeriousA11yViolations(page, "co-officer removal refused");
    await dialog.getByRole("button", { name: "Keep" }).click();
    await expect.poll(() => supervision.region().textContent()).toContain("No co-officers.");
    // The notice of this page's own addition is gone: it would contradict the list.
    expect(await added.count()).toBe(0);

    // The case changes after the page was read (a reassessment): the transfer from this page is refused with the
    // conflict in the form's error summary, which takes focus; reloading and sending again moves the case.
    expect(
      (
        await api(page, `/api/v1/cases/${created.caseId}`, "PATCH", {
          expectedVersion: await version(),
          reason: "Reassessed",
          riskLevel: "high",
        })
      ).status,
    ).toBe(200);
    const transfer = page.getByRole("form", { name: "Transfer the case" });
    await transfer.getByLabel("New officer").selectOption({ label: "Marcus Bell" });
    await transfer.getByLabel("Reason for the transfer").fill("Caseload balancing");
    await transfer.getByRole("button", { name: "Transfer case" }).click();
    const summary = transfer.locator("[data-error-summary]");
    await summary.getByText("Someone else changed this record").waitFor();
    expect(await summary.textContent()).toMatch(/Samuel Okafor changed this case on .+ after you opened it\. Reload/);
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await caseNow()).officer.displayName).toBe("Olivia Ortiz");
    await expectNoSeriousA11yViolations(page, "transfer refused with the edit conflict");
    await summary.getByRole("button", { name: "Reload the current version" }).click();
    await expect.poll(() => page.getByRole("region", { name: "Overview" }).textContent()).toContain("high risk");
    await transfer.getByRole("button", { name: "Transfer case" }).click();
    await page.getByRole("status").filter({ hasText: "was transferred to Marcus Bell" }).waitFor();
    expect((await caseNow()).officer.displayName).toBe("Marcus Bell");
  });
});

/** A demo officer's id, from the users a supervisor sees. */
async function officerId(page: import("playwright-core").Page, displayName: string): Promise<string> {
  const users = (await api<{ id: string; displayName: string }[]>(page, "/api/v1/users")).body;
  const found = users.find((user) => user.displayName === displayName);
  if (!found) throw new Error(`no user ${displayName}`);
  return found.id;
}
