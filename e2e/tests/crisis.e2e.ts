import { expect, inject, it } from "vitest";
import { setCheckbox } from "../pages/controls";
import { intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

describeInBrowser("crisis intervention", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer records a crisis with its checklist; follow-up tasks appear, the caseload flags it, closing removes the flag", async () => {
    // An administrator adds the area's 24/7 crisis line.
    const admin = await browser.newPage(baseUrl);
    await signInAsDemoUser(admin, baseUrl, "admin");
    await admin.goto(`${baseUrl}/admin/crisis-contacts`);
    const lineName = `North Mobile Crisis ${Date.now().toString(36).toUpperCase()}`;
    const addForm = admin.getByRole("form", { name: "Add a crisis contact" });
    await addForm.getByLabel("Name", { exact: true }).fill(lineName);
    await addForm.getByLabel("Service").fill("Mobile crisis team");
    await addForm.getByLabel("Phone").fill("(555) 010-0199");
    await addForm.getByLabel("Area").selectOption({ label: "North Field Office" });
    await addForm.getByRole("button", { name: "Add crisis contact" }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Crisis contact ${lineName} added.` })
      .waitFor();
    await admin.getByRole("table", { name: "Crisis contacts" }).getByRole("row").filter({ hasText: lineName }).waitFor();
    await expectNoSeriousA11yViolations(admin, "crisis contacts page");

    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "CRI",
      firstName: "Corin",
      lastName: "Abernathy",
      supervisionType: "probation",
      authorityName: "Fulton County Superior Court",
      level: "moderate",
      dateOfBirth: "1990-06-01",
      line1: "8 Mill Lane",
      city: "Atlanta",
      postalCode: "30303",
    });
    await page.goto(`${baseUrl}/people/${personId}#crisis`);
    const section = page.getByRole("region", { name: "Crisis", exact: true });
    // The area's crisis line is a tap-to-call link.
    const call = section.getByRole("link", { name: "(555) 010-0199" }).first();
    await call.waitFor();
    expect(await call.getAttribute("href")).toBe("tel:5550100199");

    await section.getByRole("button", { name: "Record a crisis" }).click();
    const dialog = page.getByRole("dialog", { name: "Record a crisis" });
    // Sent without the checklist's answers: the error summary names them.
    await dialog.getByLabel("Kind of crisis").selectOption({ label: "Mental health emergency" });
    await dialog.getByLabel("What happened").fill("Called the office in distress; has not slept for days.");
    await dialog.getByRole("button", { name: "Record crisis" }).click();
    const summary = dialog.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Say whether the person is safe");
    await expectNoSeriousA11yViolations(page, "record a crisis, with errors");

    await setCheckbox(
      page,
      dialog.getByRole("group", { name: "Is the person safe now?" }).getByRole("radio", { name: "No", exact: true }),
      true,
    );
    await dialog.getByRole("button", { name: "Add a call" }).click();
    await dialog.getByLabel("Call 1: crisis contact").selectOption({ label: `${lineName} (Mobile crisis team)` });
    await dialog.getByLabel("Referred to (leave blank if no referral yet)").fill("County crisis stabilisation unit");
    await setCheckbox(
      page,
      dialog.getByRole("group", { name: "Are emergency services involved?" }).getByRole("radio", { name: "Yes", exact: true }),
      true,
    );
    // The agency's default follow-ups are offered with their due days.
    expect(await dialog.getByTestId("crisis-follow-up").count()).toBe(2);
    await dialog.getByRole("button", { name: "Record crisis" }).click();
    await page.getByRole("status").filter({ hasText: "Crisis recorded: Mental health emergency. 2 follow-up tasks made." }).waitFor();

    const card = section.getByTestId("crisis").filter({ hasText: "Mental health emergency" });
    const text = await card.textContent();
    expect(text).toContain(`${lineName} (Mobile crisis team), (555) 010-0199`);
    expect(text).toContain("County crisis stabilisation unit");
    expect(text).toContain("Olivia Ortiz");
    await page.getByTestId("crisis-banner").filter({ hasText: "Crisis open: Mental health emergency" }).waitFor();
    const tasks = page.getByRole("region", { name: "Tasks", exact: true });
    await expect.poll(async () => tasks.getByTestId("task").filter({ hasText: "Crisis follow-up" }).count(), { timeout: 10_000 }).toBe(2);
    await expectNoSeriousA11yViolations(page, "crisis section with an open crisis");

    // The caseload's "Crisis open" filter finds the person, flagged.
    await page.goto(`${baseUrl}/?crisis=open&search=${unique}`);
    const row = page.locator("tbody tr[data-case-id]").filter({ hasText: unique });
    await row.waitFor();
    expect(await row.textContent()).toContain("Crisis open");

    // Closing asks what happens to the open follow-ups; the flag goes with the crisis.
    await page.goto(`${baseUrl}/people/${personId}#crisis`);
    await section.getByRole("button", { name: /^Close the crisis/ }).click();
    const close = page.getByRole("dialog", { name: "Close the crisis" });
    await close.getByLabel("Closing summary").fill("Stabilised; discharged to his sister's with an outpatient appointment.");
    await setCheckbox(page, close.getByRole("radio", { name: "Mark done: followed up" }), true);
    await close.getByRole("button", { name: "Close the crisis" }).click();
    await page.getByRole("status").filter({ hasText: "The crisis was closed." }).waitFor();
    expect(await page.getByTestId("crisis-banner").count()).toBe(0);
    expect(await card.textContent()).toContain("Closing summary");
    await page.goto(`${baseUrl}/?crisis=open&search=${unique}`);
    await page
      .getByTestId("caseload-count")
      .filter({ hasText: /^Showing 0 of 0/ })
      .waitFor();
    expect(await page.locator("tbody tr[data-case-id]").filter({ hasText: unique }).count()).toBe(0);

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/people/${personId}#crisis`);
    await section.getByTestId("crisis").first().waitFor();
    await expectNoSidewaysScroll(page, "crisis section at 390 px");
  });
});
