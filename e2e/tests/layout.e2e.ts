import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, expectSingleLines, phone } from "../support/layout";

type Entry = { caseId: string; person: { id: string } };

/** Opens the page and waits until it has drawn its data: its heading is shown and nothing says "Loading…". */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  // Not "networkidle": a signed-in page keeps its live notification stream open, so the network is never idle.
  await page.waitForFunction(
    () => ![...document.querySelectorAll('[role="status"]')].some((status) => /^Loading/.test(status.textContent ?? "")),
  );
}

/** Every page at a desk's and a phone's width: no sideways scrolling, no serious accessibility violation. */
async function checkPages(page: Page, role: string, paths: string[]): Promise<void> {
  // Every page is checked before the test fails, so one run lists all that do not fit.
  const problems: string[] = [];
  const check = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const diff = (error as { diff?: string }).diff;
      problems.push(error instanceof Error ? `${error.message}${diff ? `\n${diff}` : ""}` : String(error));
    }
  };
  for (const viewport of [desk, phone]) {
    await page.setViewportSize(viewport);
    for (const path of paths) {
      await open(page, path);
      const label = `${path} as ${role} at ${viewport.width} px`;
      await check(() => expectNoSidewaysScroll(page, label));
      await check(() => expectNoSeriousA11yViolations(page, label));
      if (viewport === desk && path !== "/sign-in") {
        // The header at a desk: every link and the user's name on one line.
        await check(() => expectSingleLines(page, ".usa-nav__primary .usa-nav-link, [data-testid='account-name']", label));
      }
    }
  }
  expect(problems).toEqual([]);
}

/** Each test visits its pages at two widths with axe on each: minutes on a busy machine. */
const manyPages = 480_000;

describeInBrowser("layouts that fit a desk (1280 px) and a phone (390 px)", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it(
    "fits the sign-in page",
    async () => {
      const page = await browser.newPage(baseUrl);
      await checkPages(page, "nobody", ["/sign-in"]);
    },
    manyPages,
  );

  it(
    "fits an officer's pages: caseload, person page with drug tests, Today, calendar, notes, notifications",
    async () => {
      const page = await browser.newPage(baseUrl);
      await signInAsDemoUser(page, baseUrl, "officer.north1");
      const caseload = await api<{ entries: Entry[] }>(page, "/api/v1/caseload?limit=5");
      const entry = caseload.body.entries[0];
      if (!entry) throw new Error("officer.north1 has no cases in the demo data.");
      // A test with several results and a chain of custody, so the person page shows the drug-test table filled.
      type Program = { frequency: string; testsPerMonth: number; method: string; startedOn: string; panel: string[] };
      const existing = (await api<{ program: Program | null }>(page, `/api/v1/cases/${entry.caseId}/tests`)).body.program;
      const program = await api(page, `/api/v1/cases/${entry.caseId}/testing-program`, "PUT", {
        frequency: existing?.frequency ?? "random",
        testsPerMonth: existing?.testsPerMonth ?? 2,
        method: existing?.method ?? "urine",
        startedOn: existing?.startedOn ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
        panel: [...new Set([...(existing?.panel ?? []), "cocaine", "amphetamines", "thc"])],
      });
      expect(program.status, JSON.stringify(program.body)).toBe(200);
      const recorded = await api(page, `/api/v1/cases/${entry.caseId}/tests`, "POST", {
        status: "collected",
        specimenId: `LAYOUT-${Date.now().toString(36).toUpperCase()}`,
        collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        method: "urine",
        results: [
          { substance: "cocaine", result: "negative" },
          { substance: "amphetamines", result: "positive", confirmation: "pending" },
          { substance: "thc", result: "dilute" },
        ],
        custody: [{ action: "collected", byName: "Officer of the layout test", at: new Date(Date.now() - 3_600_000).toISOString() }],
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);

      await checkPages(page, "officer", [
        "/",
        `/people/${entry.person.id}`,
        "/today",
        "/tasks",
        "/calendar",
        "/calendar?view=day",
        "/field-safety",
        "/people/new",
        "/notes/search?q=visit",
        "/notifications",
        "/notifications/preferences",
      ]);
    },
    manyPages,
  );

  it(
    "fits a supervisor's unit caseload (with the officer column), a person and the testing draw",
    async () => {
      const page = await browser.newPage(baseUrl);
      await signInAsDemoUser(page, baseUrl, "supervisor.north");
      const caseload = await api<{ entries: Entry[] }>(page, "/api/v1/caseload?limit=5");
      const entry = caseload.body.entries[0];
      if (!entry) throw new Error("supervisor.north has no cases in the demo data.");
      await checkPages(page, "supervisor", [
        "/",
        `/people/${entry.person.id}`,
        "/tasks",
        "/testing/draw",
        "/level-reviews",
        "/approvals",
        "/incentives/unit",
        "/fairness",
        "/monitoring/map",
        "/monitoring/crime-scene",
      ]);
    },
    manyPages,
  );

  it(
    "shows the caseload on a phone as cards, with the filters behind one button that counts them",
    async () => {
      const page = await browser.newPage(baseUrl);
      await signInAsDemoUser(page, baseUrl, "officer.north2");
      await page.setViewportSize(phone);
      await open(page, "/?level=high");
      const cards = page.getByRole("list", { name: /^Open cases/ });
      await cards.waitFor();
      expect(await page.getByRole("table", { name: /^Open cases/ }).isVisible()).toBe(false);
      expect(await cards.getByRole("listitem").count()).toBeGreaterThan(0);
      // Filters are folded away; the button says how many are in use and opens them.
      const filters = page.getByRole("button", { name: /^Filters/ });
      expect(await filters.textContent()).toMatch(/1 active/);
      expect(await filters.getAttribute("aria-expanded")).toBe("false");
      expect(await page.getByLabel("Supervision level", { exact: true }).isVisible()).toBe(false);
      await filters.click();
      expect(await filters.getAttribute("aria-expanded")).toBe("true");
      expect(await page.getByLabel("Supervision level", { exact: true }).inputValue()).toBe("high");
      await expectNoSidewaysScroll(page, "caseload with filters open at 390 px");

      // At a desk the same caseload is a table whose priority reason is the first column after the person.
      await page.setViewportSize(desk);
      const table = page.getByRole("table", { name: /^Open cases/ });
      await table.waitFor();
      expect(await table.locator("thead th").allTextContents()).toEqual(expect.arrayContaining(["Priority", "Contact due"]));
      expect((await table.locator("thead th").nth(1).textContent())?.trim()).toBe("Priority");
    },
    manyPages,
  );

  it(
    "fits an administrator's pages",
    async () => {
      const page = await browser.newPage(baseUrl);
      await signInAsDemoUser(page, baseUrl, "admin");
      const users = await api<{ id: string }[]>(page, "/api/v1/users");
      const user = users.body[0];
      if (!user) throw new Error("No users in the demo agency.");
      await checkPages(page, "administrator", [
        "/",
        "/admin/users",
        "/admin/users/new",
        `/admin/users/${user.id}`,
        "/admin/units",
        "/admin/settings",
        "/admin/contact-standards",
        "/admin/response-matrix",
        "/admin/instruments",
        "/admin/crisis-contacts",
        "/admin/undelivered",
        "/admin/jobs",
        "/testing/draw",
      ]);
    },
    manyPages,
  );

  it(
    "fits the auditor's pages, and the audit log names each record",
    async () => {
      const page = await browser.newPage(baseUrl);
      await signInAsDemoUser(page, baseUrl, "auditor");
      await checkPages(page, "auditor", ["/", "/audit"]);
      await page.setViewportSize(desk);
      await open(page, "/audit?action=auth.sign_in");
      // A sign-in's record is the user: shown by name.
      const table = page.getByRole("table", { name: "Audit entries" });
      await table.waitFor();
      expect(await table.locator('td[data-column="record"]').first().textContent()).toMatch(/Audrey Lin|Ada Whitfield|[A-Z][a-z]+ [A-Z]/);
    },
    manyPages,
  );
});
