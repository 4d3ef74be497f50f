import { expect, inject, it } from "vitest";
import type { z } from "zod";
import type { CaseloadEntry } from "../../src/shared/contract/caseload";
import type { notification } from "../../src/shared/contract/notifications";
import type { randomDraw, testingProgram } from "../../src/shared/contract/testing";
import { AppShell } from "../pages/app-shell";
import { CaseloadPage, PersonPage } from "../pages/caseload-pages";
import { DrawPage, PersonTestingSection, TestRecords } from "../pages/testing-pages";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

type Entry = CaseloadEntry;
type Program = z.infer<typeof testingProgram>;
type Draw = z.infer<typeof randomDraw>;
type Notification = z.infer<typeof notification>;

describeInBrowser("drug and alcohol testing", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("lets a supervisor make (or load) today's random draw and verify it from the stored seed", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "supervisor.north");
    await new AppShell(page).openFromMenu("Unit", "Testing draw");
    const draws = new DrawPage(page);
    await draws.heading().waitFor();
    expect(await page.title()).toBe("Random testing draw | Waypoint");

    // Another journey may have drawn today already (409): the page then shows the stored draw.
    const status = await draws.makeOrLoad();
    expect([null, 201, 409]).toContain(status);
    await draws.result().waitFor();

    const date = await page.evaluate(() =>
      new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" }).format(
        new Date(),
      ),
    );
    const stored = await api<Draw>(page, `/api/v1/testing/draws/${date}`);
    expect(stored.status).toBe(200);
    expect((await draws.seed().textContent())?.trim()).toBe(stored.body.seed);
    expect((await draws.candidates().textContent())?.trim()).toBe(String(stored.body.candidates));
    expect(await draws.selectedRows().count()).toBe(stored.body.selected.length);
    for (const item of stored.body.selected) {
      expect(await draws.selected().locator(`tr[data-case-id="${item.caseId}"]`).textContent()).toContain(item.caseNumber);
    }

    await draws.verify();
    await page.getByRole("status").filter({ hasText: "Reproduced from the stored seed" }).waitFor();
    await expectNoSeriousA11yViolations(page, "random testing draw");
  });

  it("records a positive test: the trend chart and its table show it, and the supervising officer is notified", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.south1");
    await new CaseloadPage(page).table().waitFor();

    // A person of this officer with a single case (no case to choose on the person page).
    const caseload = await api<{ entries: Entry[] }>(page, "/api/v1/caseload?limit=200");
    let entry: Entry | undefined;
    for (const candidate of caseload.body.entries) {
      const record = await api<{ cases: unknown[] }>(page, `/api/v1/people/${candidate.person.id}`);
      if (record.body.cases.length === 1) {
        entry = candidate;
        break;
      }
    }
    if (!entry) throw new Error("No person of officer.south1 with a single case.");

    // A program that does not test for THC gets it added (through the API) so the journey can record a THC result.
    const before = await api<{ program: Program | null }>(page, `/api/v1/cases/${entry.caseId}/tests`);
    const existing = before.body.program;
    if (existing && !existing.panel.includes("thc")) {
      const { frequency, testsPerMonth, method, startedOn } = existing;
      const updated = await api(page, `/api/v1/cases/${entry.caseId}/testing-program`, "PUT", {
        frequency,
        testsPerMonth,
        method,
        startedOn,
        panel: [...existing.panel, "thc"],
      });
      expect(updated.status).toBe(200);
    }

    const person = new PersonPage(page);
    await person.goto(entry.person.id);
    await person.heading().waitFor();
    const testing = new PersonTestingSection(page);
    await testing.programForm().or(testing.recordForm()).first().waitFor();
    if (!existing) await testing.setProgram("Random", ["thc", "cocaine"]);
    await testing.callIn().waitFor();
    const program = (await api<{ program: Program | null }>(page, `/api/v1/cases/${entry.caseId}/tests`)).body.program;
    expect(program?.panel).toContain("thc");

    const specimenId = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const saved = await testing.recordCollected(specimenId, { thc: "Positive" });
    expect(saved.countsAsPositive).toBe(true);

    // The chart has a positive mark for the test, at its date; the table lists the same test.
    const mark = testing.mark(saved.id);
    await mark.waitFor({ state: "attached" });
    expect(await mark.getAttribute("data-outcome")).toBe("positive");
    expect(await mark.getAttribute("data-collected-at")).toBe(saved.collectedAt);
    expect(await testing.chart().getAttribute("aria-label")).toMatch(/positive/);
    const row = testing.row(saved.id);
    expect((await row.locator('td[data-column="outcome"]').textContent())?.trim()).toBe("Positive");
    expect(await row.locator('td[data-column="specimen"]').textContent()).toBe(specimenId);
    const shownDate = await page.evaluate(
      (iso) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)),
      saved.collectedAt,
    );
    expect((await row.getByRole("rowheader").textContent())?.trim()).toBe(shownDate);
    expect(await row.locator('td[data-column="results"]').textContent()).toContain("THC (cannabis): positive");

    // The supervising officer (this officer) is notified, and the page names who was told.
    await testing.recordForm().getByRole("status").filter({ hasText: "Notified: Owen Park (supervising officer)" }).waitFor();
    await expect
      .poll(async () =>
        (await api<Notification[]>(page, "/api/v1/notifications")).body.some((item) => item.title.startsWith("Drug test: positive")),
      )
      .toBe(true);

    await testing.region().scrollIntoViewIfNeeded();
    await expectNoSeriousA11yViolations(page, "person page with drug testing");

    // The header links to the notifications, which list it.
    await new AppShell(page)
      .account()
      .getByRole("link", { name: /^Notifications/ })
      .click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await page
      .getByText(/^Drug test: positive/)
      .first()
      .waitFor();
  });

  it("records admitted use, lab confirmations pending and the chain of custody; adds a custody step, then the lab's answers", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.south1");
    await new CaseloadPage(page).table().waitFor();

    // A person of this officer with a single case, and a program testing for THC and cocaine.
    const caseload = await api<{ entries: Entry[] }>(page, "/api/v1/caseload?limit=200");
    let entry: Entry | undefined;
    for (const candidate of caseload.body.entries) {
      const record = await api<{ cases: unknown[] }>(page, `/api/v1/people/${candidate.person.id}`);
      if (record.body.cases.length === 1) {
        entry = candidate;
        break;
      }
    }
    if (!entry) throw new Error("No person of officer.south1 with a single case.");
    const existing = (await api<{ program: Program | null }>(page, `/api/v1/cases/${entry.caseId}/tests`)).body.program;
    const panel = existing?.panel ?? [];
    if (!panel.includes("thc") || !panel.includes("cocaine")) {
      const updated = await api(page, `/api/v1/cases/${entry.caseId}/testing-program`, "PUT", {
        frequency: existing?.frequency ?? "random",
        testsPerMonth: existing?.testsPerMonth ?? 2,
        method: existing?.method ?? "urine",
        startedOn: existing?.startedOn ?? "2026-01-01",
        panel: [...new Set([...panel, "thc", "cocaine"])],
      });
      expect(updated.status).toBe(200);
    }

    const person = new PersonPage(page);
    await person.goto(entry.person.id);
    await person.heading().waitFor();
    const testing = new PersonTestingSection(page);
    const records = new TestRecords(testing);
    await testing.recordForm().waitFor();
    await testing
      .recordForm()
      .getByLabel("Specimen ID")
      .fill(`E2E-C-${Date.now().toString(36).toUpperCase()}`);
    await records.setResult("thc", "Positive", "Pending: sent to the lab");
    await records.setResult("cocaine", "Dilute", "Pending: sent to the lab");
    await records.admit(["thc"], "Alcohol");
    // The collection is step 1 of the chain of custody, by this officer.
    expect(await records.custodySteps().count()).toBe(1);
    expect(await records.custodySteps().first().getByLabel("Action").inputValue()).toBe("collected");
    expect(await records.custodySteps().first().getByLabel("By (name)").inputValue()).toBe("Owen Park");
    await testing.recordForm().getByRole("button", { name: "Add a custody step" }).click();
    expect(await records.custodySteps().nth(1).getByLabel("Action").inputValue()).toBe("sealed");
    await expectNoSeriousA11yViolations(page, "record-a-test form with admitted use and chain of custody");

    const saved = await records.submit();
    expect(saved.admittedSubstances).toEqual(["thc", "alcohol"]);
    expect(saved.custody.map((step) => [step.action, step.byName])).toEqual([
      ["collected", "Owen Park"],
      ["sealed", "Owen Park"],
    ]);
    expect(saved.results.map((result) => result.confirmation)).toEqual(["pending", "pending"]);

    // The recorded test shows the admitted use, the pending confirmations and the custody steps.
    const record = records.record(saved.id);
    await record.waitFor();
    expect(await record.getByTestId("admitted").textContent()).toBe("Yes: thc, alcohol");
    expect(await records.result(saved.id, "thc").getAttribute("data-confirmation")).toBe("pending");
    expect(await records.result(saved.id, "thc").textContent()).toContain("THC (cannabis): positive (lab confirmation pending)");
    expect(await records.custody(saved.id).count()).toBe(2);
    expect(await testing.mark(saved.id).getAttribute("data-outcome")).toBe("positive");

    // Later: the specimen is shipped to the lab.
    await records.addCustodyStep(saved.id, "Shipped", "Courier E2E");
    await expect.poll(() => records.custody(saved.id).count()).toBe(3);
    expect(await records.custody(saved.id).nth(2).textContent()).toMatch(/^Shipped by Courier E2E, /);

    // The lab confirms the dilute cocaine result and overturns the THC positive: the test is now dilute, not positive.
    await records.labAnswer(saved.id, "cocaine", "confirmed");
    expect(await records.result(saved.id, "cocaine").getByRole("button").count()).toBe(0);
    await records.labAnswer(saved.id, "thc", "overturned");
    expect(await records.result(saved.id, "thc").textContent()).toContain("THC (cannabis): positive (overturned by the lab)");
    await expect.poll(() => testing.mark(saved.id).getAttribute("data-outcome")).toBe("dilute");
    const row = testing.row(saved.id);
    expect((await row.locator('td[data-column="outcome"]').textContent())?.trim()).toBe("Dilute");
    expect(await row.locator('td[data-column="results"]').textContent()).toContain("THC (cannabis): positive (overturned by the lab)");
    const stored = (
      await api<{ tests: { id: string; results: { substance: string; confirmation: string }[] }[] }>(
        page,
        `/api/v1/cases/${entry.caseId}/tests`,
      )
    ).body.tests.find((item) => item.id === saved.id);
    expect(stored?.results.map((result) => [result.substance, result.confirmation])).toEqual([
      ["cocaine", "confirmed"],
      ["thc", "overturned"],
    ]);
    await record.scrollIntoViewIfNeeded();
    await expectNoSeriousA11yViolations(page, "recorded test with custody steps and lab answers");
  });
});
