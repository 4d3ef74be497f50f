import { expect, inject, it } from "vitest";
import { brokenScreener, housingScreener } from "../../src/server/test-support/instrument-fixtures";
import { AppShell } from "../pages/app-shell";
import { chooseRadio } from "../pages/record-address-pages";
import { intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

describeInBrowser("importing an assessment instrument", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an administrator sees a broken instrument rejected with the path named, imports and publishes a good one, and an officer assesses with it", async () => {
    // Ids and titles unique to this run: the journeys share one database.
    const suffix = Date.now().toString(36);
    const title = `County housing check ${suffix}`;
    const good = { ...housingScreener, id: `county_housing_${suffix}`, title };
    const broken = { ...brokenScreener, id: `county_broken_${suffix}` };

    const admin = await browser.newPage(baseUrl);
    await signInAsDemoUser(admin, baseUrl, "admin");
    await new AppShell(admin).openFromMenu("Administration", "Assessment instruments");
    await admin.getByRole("heading", { level: 1, name: "Assessment instruments" }).waitFor();
    expect(await admin.title()).toBe("Assessment instruments | Waypoint");
    const library = admin.getByRole("table", { name: "Instrument versions, by instrument" });
    await library.getByRole("rowheader", { name: "General risk and needs assessment (modelled on the federal PCRA), version 2" }).waitFor();

    // Not JSON at all: the form's own error summary.
    const form = admin.getByRole("form", { name: "Import an instrument" });
    await form.getByLabel("Instrument JSON").fill("{ not json");
    await form.getByRole("button", { name: "Check and import" }).click();
    await expect.poll(async () => (await form.getByRole("alert").first().textContent()) ?? "").toContain("This is not valid JSON");

    // A broken definition: every problem in words with its path; the report has the focus.
    await form.getByLabel("Instrument JSON").fill(JSON.stringify(broken, null, 2));
    await form.getByRole("button", { name: "Check and import" }).click();
    const report = admin.locator("[data-error-summary]").filter({ hasText: "Nothing was imported" });
    await report.waitFor();
    const reportText = (await report.textContent()) ?? "";
    expect(reportText).toContain("The instrument was not imported: 3 problems");
    expect(reportText).toContain('Domain 1 “housing”, Item 2 “nights_outside”, its rule (askWhen), item: names item "sleeps_rough"');
    expect(reportText).toContain("definition.domains[0].items[1].askWhen.item");
    expect(reportText).toContain('Domain 2 “food”, the item list: domain "food" has no items');
    expect(reportText).toContain("overlap: 1 is also in the band before");
    expect(await admin.evaluate(() => document.activeElement?.hasAttribute("data-error-summary") ?? false)).toBe(true);
    await expectNoSeriousA11yViolations(admin, "instrument rejected");
    expect(await library.getByRole("rowheader", { name: new RegExp(`county_broken_${suffix}`) }).count()).toBe(0);

    // The good one from a file: a draft, published after confirmation.
    await form.getByLabel("Instrument JSON").fill("");
    await form.getByLabel("Instrument file").setInputFiles({
      name: "county-housing.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(good, null, 2)),
    });
    await expect.poll(async () => (await form.getByLabel("Instrument JSON").inputValue()).length).toBeGreaterThan(100);
    await form.getByRole("button", { name: "Check and import" }).click();
    const imported = admin.getByRole("status").filter({ hasText: "Imported as a draft" });
    await imported.waitFor();
    expect(await imported.textContent()).toContain("1 domain, 2 questions, categories Stably housed, At risk of homelessness");
    const row = library.getByRole("row").filter({ has: admin.getByRole("rowheader", { name: `${title}, version 1` }) });
    await expect.poll(async () => (await row.textContent()) ?? "").toContain("Draft: not yet published");
    expect(await row.textContent()).toContain("Imported by Ada Whitfield");
    await imported.getByRole("button", { name: `Publish ${title}, version 1` }).click();
    const confirm = admin.getByRole("dialog", { name: `Publish ${title}, version 1?` });
    await confirm.getByRole("button", { name: "Publish" }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `${title}, version 1 is published` })
      .waitFor();
    await expect.poll(async () => (await row.textContent()) ?? "").toContain("Active (Ada Whitfield");
    await expectNoSeriousA11yViolations(admin, "instrument published");
    await admin.setViewportSize(phone);
    await expectNoSidewaysScroll(admin, "instruments at 390 px");
    await admin.setViewportSize(desk);

    // The officer starts an assessment on it and completes it.
    const officer = await browser.newPage(baseUrl);
    await signInAsDemoUser(officer, baseUrl, "officer.north1");
    const { personId } = await intakeUnseenSinceLastMonth(officer, {
      prefix: "INS",
      firstName: "Rue",
      lastName: "Banks",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "moderate",
      dateOfBirth: "1990-04-02",
      line1: "4 Elm Court",
      city: "Atlanta",
      postalCode: "30303",
    });
    await officer.goto(`${baseUrl}/people/${personId}#assessments`);
    const assessments = officer.getByRole("region", { name: /^Assessments$/ });
    await assessments.getByRole("button", { name: `Start ${title}` }).click();
    await chooseRadio(assessments.getByRole("group", { name: "Has no fixed address" }), "Yes");
    await assessments.getByLabel("Nights slept outside in the past month").fill("4");
    await assessments.getByRole("button", { name: "Complete assessment" }).click();
    await officer.getByRole("dialog", { name: "Complete this assessment?" }).getByRole("button", { name: "Complete assessment" }).click();
    await officer.getByRole("status").filter({ hasText: "Assessment completed: At risk of homelessness, total 2" }).first().waitFor();
    await expectNoSeriousA11yViolations(officer, "assessment on an imported instrument");

    // Retired: no new assessment on it; the completed one keeps it.
    await admin.reload();
    await row.getByRole("button", { name: `Retire ${title}, version 1` }).click();
    await admin
      .getByRole("dialog", { name: `Retire ${title}, version 1?` })
      .getByRole("button", { name: "Retire" })
      .click();
    await expect.poll(async () => (await row.textContent()) ?? "").toContain("Retired");
    expect(await row.textContent()).toContain("1 completed");
    await officer.reload();
    await assessments.getByRole("table", { name: "Assessments of this case, newest first" }).waitFor();
    expect(await assessments.getByRole("button", { name: `Start ${title}` }).count()).toBe(0);
    expect(await assessments.getByRole("table", { name: "Assessments of this case, newest first" }).textContent()).toContain(title);
  });
});
