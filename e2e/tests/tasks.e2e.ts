import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import { AppShell } from "../pages/app-shell";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const section = (page: Page, name: RegExp) => page.getByRole("region", { name });

describeInBrowser("tasks", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("a refused contact becomes the officer's follow-up, snoozed with a reason; a submitted request awaits the supervisor", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "TSK",
      firstName: "Tamsin",
      lastName: "Okafor",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "moderate",
      dateOfBirth: "1991-06-02",
      line1: "4 Birch Lane",
      city: "Atlanta",
      postalCode: "30303",
    });
    // A refused home visit an hour ago: a supervision event, which the tasks consumer (through the job queue) makes a task.
    const refused = await api(page, `/api/v1/cases/${caseId}/contacts`, "POST", {
      contactType: "scheduled_home_visit",
      outcome: "refused",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(201);
    type Tasks = { tasks: { id: string; kind: string; personId: string }[] };
    await expect
      .poll(async () => (await api<Tasks>(page, "/api/v1/tasks/mine")).body.tasks.some((task) => task.personId === personId), {
        timeout: 30_000,
      })
      .toBe(true);

    await page.getByRole("link", { name: "My tasks" }).click();
    await page.getByRole("heading", { level: 1, name: "My tasks" }).waitFor();
    expect(await page.title()).toBe("My tasks | Waypoint");
    const open = section(page, /^Open/);
    // The new case's contacts its standard requires are tasks too: the follow-up is the one this test made.
    const card = open.getByTestId("task").filter({ hasText: unique }).filter({ hasText: "Follow up on a no-show or refused contact" });
    await card.waitFor();
    expect(await card.textContent()).toContain("Follow up on a no-show or refused contact");
    expect(await card.textContent()).toContain("Due");
    // Those contacts each name their requirement and its day (the month missed, the home visit overdue), so the
    // cards differ; none is the generic "Contact required by the standard".
    const contactTitles = async () =>
      (
        await open
          .getByTestId("task")
          .filter({ hasText: unique })
          .filter({ hasNotText: "Follow up" })
          .filter({ hasNotText: "Assessment due" })
          .locator(".usa-card__heading")
          .allTextContents()
      )
        .map((title) => title.trim())
        .sort();
    await expect.poll(async () => (await contactTitles()).length).toBeGreaterThanOrEqual(3);
    const titles = await contactTitles();
    expect(new Set(titles).size).toBe(titles.length);
    for (const title of titles)
      expect(title).toMatch(
        /^(Face-to-face contact|Field contact|Home visit \(verification\)) (due by [A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}|missed in the period [A-Z][a-z]{2} \d{1,2} – [A-Z][a-z]{2} \d{1,2})$/,
      );
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Face-to-face contact missed in the period /),
        expect.stringMatching(/^Field contact missed in the period /),
        expect.stringMatching(/^Home visit \(verification\) due by /),
      ]),
    );
    await expectNoSeriousA11yViolations(page, "my tasks");

    // Snoozing asks for a reason: the error summary names it, and nothing changes until one is given.
    await card.getByRole("button", { name: /^Snooze/ }).click();
    const dialog = page.getByRole("dialog", { name: "Snooze the task" });
    await dialog.getByRole("button", { name: "Snooze task" }).click();
    const summary = dialog.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Give a reason for snoozing");
    await expectNoSeriousA11yViolations(page, "snooze dialog with an error");
    await dialog.getByLabel("Reason").fill("In hospital until Wednesday, per his sister");
    await dialog.getByRole("button", { name: "Snooze task" }).click();
    await page.getByRole("status").filter({ hasText: "Snoozed until" }).first().waitFor();
    const snoozed = section(page, /^Snoozed/)
      .getByTestId("task")
      .filter({ hasText: unique });
    await snoozed.waitFor();
    expect(await snoozed.textContent()).toContain("In hospital until Wednesday, per his sister");
    expect(await card.count()).toBe(0);

    // The person page's Tasks section shows it with its history.
    await page.goto(`${baseUrl}/people/${personId}#tasks`);
    const tasks = section(page, /^Tasks$/);
    const onPerson = tasks.getByTestId("task").filter({ hasText: "Follow up on a no-show or refused contact" });
    await onPerson.waitFor();
    expect(await onPerson.textContent()).toContain("Snoozed until");
    await onPerson.getByText(/^History/).click();
    expect(await onPerson.textContent()).toMatch(/Snoozed until .* by .*In hospital until Wednesday/);

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/tasks`);
    await section(page, /^Snoozed/)
      .getByTestId("task")
      .filter({ hasText: unique })
      .waitFor();
    await expectNoSidewaysScroll(page, "my tasks at 390 px");
    await expectNoSeriousA11yViolations(page, "my tasks at 390 px");

    // A submitted condition request is the unit's supervisors' task: "awaiting my approval".
    const catalogue = (await api<{ id: string; kind: string }[]>(page, "/api/v1/condition-types")).body;
    const requested = await api<{ id: string }>(page, `/api/v1/cases/${caseId}/modification-requests`, "POST", {
      conditionTypeId: catalogue.find((type) => type.kind === "standard")!.id,
      justification: "Asks to attend a treatment programme",
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect((await api(page, `/api/v1/modification-requests/${requested.body.id}`, "PATCH", { status: "submitted" })).status).toBe(200);
    // The officer sees it on the person page, for the unit's supervisors, with nothing to press: only a supervisor may
    // snooze it (the server would refuse the officer).
    await page.goto(`${baseUrl}/people/${personId}#tasks`);
    const awaiting = section(page, /^Tasks$/)
      .getByTestId("task")
      .filter({ hasText: "Condition change awaiting approval" });
    await awaiting.waitFor();
    expect(await awaiting.textContent()).toContain("The unit's supervisors");
    expect(await awaiting.getByRole("button").count()).toBe(0);
    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    await supervisor.goto(`${baseUrl}/tasks`);
    const approvals = section(supervisor, /^Awaiting my approval/);
    const approval = approvals.getByTestId("task").filter({ hasText: unique });
    await approval.waitFor();
    expect(await approval.textContent()).toContain("Condition change awaiting approval");
    // It closes with the decision, not by hand.
    expect(await approval.getByRole("button", { name: /^Mark done/ }).count()).toBe(0);
    await expectNoSeriousA11yViolations(supervisor, "awaiting my approval");

    // The unit's view is its own navigation item: it alone is marked as the current page, not "My tasks" as well.
    await new AppShell(supervisor).openFromMenu("Unit", "Unit tasks");
    await supervisor.getByRole("heading", { level: 1, name: "Unit tasks" }).waitFor();
    const current = supervisor.getByRole("navigation").locator('a[aria-current="page"]');
    expect(await current.allTextContents()).toEqual(["Unit tasks"]);
  });
});
