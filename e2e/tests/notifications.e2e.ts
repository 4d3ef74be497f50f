import { readFileSync } from "node:fs";
import { expect, inject, it } from "vitest";
import type { CaseloadEntry } from "../../src/shared/contract/caseload";
import { AppShell } from "../pages/app-shell";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

type Program = { frequency: string; testsPerMonth: number; method: string; startedOn: string; panel: string[] };

/** officer.north2 is used by no other journey that reads notifications, so the counts are this journey's own. */
const officer = "officer.north2";

describeInBrowser("notifications, live and by e-mail", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");
  const mailboxFile = inject("mailboxFile");

  it("asks for drug tests by e-mail; a test a supervisor records appears in the header and the list live, and is e-mailed", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, officer);
    const shell = new AppShell(page);

    // The preferences: drug tests also by e-mail, to a unique address of this run.
    const address = `olivia.e2e.${Date.now()}@agency.test`;
    await shell
      .account()
      .getByRole("link", { name: /^Notifications/ })
      .click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await page.getByRole("link", { name: /Choose which ones also reach you/ }).click();
    await page.getByRole("heading", { level: 1, name: "Notification preferences" }).waitFor();
    expect(await page.title()).toBe("Notification preferences | Waypoint");
    // A problem is named on its field: e-mail chosen without an address.
    const emailGroup = page.getByRole("group", { name: "Send these by e-mail" });
    // USWDS draws its own checkbox: the label is what a person clicks.
    await emailGroup.locator("label.usa-checkbox__label", { hasText: "Positive, missed or refused drug tests" }).click();
    expect(await emailGroup.getByLabel("Positive, missed or refused drug tests").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page
      .getByText(/Enter an e-mail address/)
      .first()
      .waitFor();
    await page.getByLabel("E-mail address").fill(address);
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Preferences saved.").waitFor();
    await expectNoSeriousA11yViolations(page, "notification preferences");

    // The notifications page stays open; the header's count is read before anything happens.
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    const link = shell.account().getByTestId("notifications-link");
    const unreadOf = async () => Number(/(\d+) unread/.exec((await link.textContent()) ?? "")?.[1] ?? 0);
    const before = await unreadOf();
    // Set on this document only: a reload would lose it.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    // In another browser, the unit's supervisor records a positive test on a case of this officer.
    const supervisorPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisorPage, baseUrl, "supervisor.north");
    const caseload = await api<{ entries: CaseloadEntry[] }>(page, "/api/v1/caseload?limit=5");
    const entry = caseload.body.entries[0];
    if (!entry) throw new Error(`${officer} has no cases in the demo data.`);
    const existing = (await api<{ program: Program | null }>(page, `/api/v1/cases/${entry.caseId}/tests`)).body.program;
    if (!existing?.panel.includes("thc")) {
      const program = existing
        ? { ...existing, panel: [...existing.panel, "thc"] }
        : { frequency: "weekly", testsPerMonth: 4, method: "urine", startedOn: "2026-01-01", panel: ["thc"] };
      const { frequency, testsPerMonth, method, startedOn, panel } = program;
      const saved = await api(page, `/api/v1/cases/${entry.caseId}/testing-program`, "PUT", {
        frequency,
        testsPerMonth,
        method,
        startedOn,
        panel,
      });
      expect(saved.status).toBe(200);
    }
    const recorded = await api<{ id: string }>(supervisorPage, `/api/v1/cases/${entry.caseId}/tests`, "POST", {
      status: "collected",
      specimenId: `LIVE-${Date.now().toString(36).toUpperCase()}`,
      collectedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      method: "urine",
      results: [{ substance: "thc", result: "positive" }],
    });
    expect(recorded.status).toBe(201);

    // Without a reload: the header counts one more unread, and the list shows the notification.
    await expect.poll(unreadOf, { timeout: 15_000 }).toBe(before + 1);
    await page
      .getByRole("list", { name: "Your notifications" })
      .getByText(/^Drug test: positive/)
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expectNoSeriousA11yViolations(page, "notifications after a live update");

    // The e-mail reached the SMTP server: the kind of notification and a link, never the person's name.
    const mailTo = () =>
      readFileSync(mailboxFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { to: string[]; raw: string })
        .filter((mail) => mail.to.includes(address));
    await expect.poll(() => mailTo().length, { timeout: 20_000 }).toBe(1);
    const [mail] = mailTo();
    expect(mail?.raw).toContain("Subject: Waypoint: A drug test result was recorded");
    // The body is quoted-printable: a soft line break is "=" at a line's end.
    expect(mail?.raw.replace(/=\r?\n/g, "")).toContain(`Sign in to Waypoint to read it: ${baseUrl}/notifications`);

    // At a phone's width, both pages fit without sideways scrolling.
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "notifications at 390 px");
    await page.getByRole("link", { name: /Choose which ones also reach you/ }).click();
    await page.getByRole("heading", { level: 1, name: "Notification preferences" }).waitFor();
    await expectNoSidewaysScroll(page, "notification preferences at 390 px");
    await expectNoSeriousA11yViolations(page, "notification preferences at 390 px");
  }, 180_000);
});
