import type { Locator, Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { RevocationRecommendation } from "../../src/shared/contract/revocation";
import { setCheckbox } from "../pages/controls";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const section = (page: Page) => page.getByRole("region", { name: "Revocation and recall" });

/** USWDS draws a radio on its label: a person clicks the label. */
async function chooseRadio(page: Page, radio: Locator): Promise<void> {
  const id = await radio.getAttribute("id");
  await page.locator(`label[for="${id}"]`).click();
  expect(await radio.isChecked()).toBe(true);
}

describeInBrowser("revocation and recall recommendations", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer builds a revocation petition from a violation; another supervisor records the discussion and decides; the document and a no-revocation letter", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const unique = `REV${Date.now().toString(36).toUpperCase()}`;
    const created = await api<{ personId: string; caseId: string }>(page, "/api/v1/people", "POST", {
      person: { firstName: "Tobias", lastName: `Marchetti${unique}`, dateOfBirth: "1984-11-02", agencyPersonNumber: unique },
      case: {
        caseNumber: unique,
        supervisionType: "probation",
        authorityName: "Superior Court, Demo County",
        supervisionStart: "2026-01-05",
        supervisionLevel: "high",
        riskLevel: "high",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { personId, caseId } = created.body;
    const violationOf = async (description: string) => {
      const made = await api<{ id: string }>(page, `/api/v1/cases/${caseId}/violations`, "POST", {
        type: "other",
        severity: "high",
        occurredAt: new Date(Date.now() - 26 * 3_600_000).toISOString(),
        description,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body.id;
    };
    await violationOf("Left the treatment programme and stopped reporting.");

    // The officer starts the file from the violation on the person page.
    await page.goto(`${baseUrl}/people/${personId}#revocation`);
    await section(page).getByRole("button", { name: "Start a revocation recommendation" }).click();
    const start = page.getByRole("dialog", { name: /^Start: revocation petition to the court/ });
    await start.getByRole("button", { name: "Start the file" }).click();
    await start.getByRole("alert").filter({ hasText: "Choose the violations the recommendation rests on" }).waitFor();
    await expectNoSeriousA11yViolations(page, "start a revocation recommendation, with an error");
    await setCheckbox(page, start.getByRole("checkbox", { name: /Other violation \(high\)/ }), true);
    await start.getByRole("button", { name: "Start the file" }).click();
    await page.getByRole("heading", { level: 1, name: "Revocation petition to the court" }).waitFor();
    expect(await page.getByLabel("Facts").inputValue()).toContain("Left the treatment programme and stopped reporting.");

    // Submitting without the note on the alternatives is refused, saying what is missing.
    await page.getByRole("button", { name: "Submit to a supervisor" }).click();
    const confirm = page.getByRole("dialog", { name: "Submit the recommendation to a supervisor?" });
    await confirm.getByRole("button", { name: "Submit" }).click();
    await confirm.getByText("The file is not complete").waitFor();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await page
      .getByLabel("Why the responses and alternatives tried were not enough")
      .fill("Two warnings and a treatment referral were not followed.");
    await chooseRadio(page, page.getByRole("radio", { name: "Revoke probation" }));
    await page.getByRole("button", { name: "Save the file" }).click();
    await page.getByRole("status").filter({ hasText: "The file is saved." }).waitFor();
    await expectNoSeriousA11yViolations(page, "revocation file, draft");
    await page.getByRole("button", { name: "Submit to a supervisor" }).click();
    await page.getByRole("dialog", { name: "Submit the recommendation to a supervisor?" }).getByRole("button", { name: "Submit" }).click();
    await page.getByTestId("revocation-status").filter({ hasText: "Awaiting a supervisor's decision" }).waitFor();

    // A supervisor (not the officer) finds it on the approvals list, records the discussion and approves it.
    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    await supervisor.goto(`${baseUrl}/approvals`);
    const approval = supervisor.getByTestId("approval").filter({ hasText: unique });
    await approval.getByRole("heading", { name: "Revocation recommendation (to Superior Court, Demo County)" }).waitFor();
    await approval.getByRole("link", { name: /Decide it in the person's revocation and recall/ }).click();
    await section(supervisor)
      .getByRole("link", { name: /^Open the file/ })
      .click();
    await supervisor.getByRole("button", { name: "Record the discussion and decide" }).click();
    const decide = supervisor.getByRole("dialog", { name: "Record the discussion and decide" });
    await decide.getByLabel("Who took part").fill("Dana North (officer) and Samuel Okafor");
    await decide.getByLabel("Notes of the discussion").fill("Reviewed the responses tried; the court should hear it.");
    await chooseRadio(supervisor, decide.getByRole("radio", { name: /^Approve: the recommendation goes to the court/ }));
    await expectNoSeriousA11yViolations(supervisor, "revocation decision");
    await decide.getByRole("button", { name: "Decide" }).click();
    await decide.getByRole("alert").filter({ hasText: "This decision is final" }).waitFor();
    await decide.getByRole("button", { name: "Confirm the decision" }).click();
    await supervisor.getByRole("status").filter({ hasText: "Decided: it goes to the court." }).waitFor();
    await supervisor.getByRole("link", { name: "Open the recommendation document" }).click();
    await supervisor.getByRole("heading", { level: 1, name: "Revocation petition to the court" }).waitFor();
    expect(await supervisor.getByTestId("document-recommendation").textContent()).toBe("Revoke probation.");
    const document = (await supervisor.locator("article").textContent()) ?? "";
    expect(document).toContain("To: Superior Court, Demo County");
    expect(document).toContain("Two warnings and a treatment referral were not followed.");
    expect(document).toContain("Risk level of the case: High");
    await expectNoSeriousA11yViolations(supervisor, "revocation document");

    // A second violation, a second file (through the API): the supervisor decides no revocation, with the letter.
    const second = await violationOf("Missed curfew twice.");
    const drafted = await api<RevocationRecommendation>(page, `/api/v1/cases/${caseId}/revocations`, "POST", { violationIds: [second] });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const edited = await api<RevocationRecommendation>(page, `/api/v1/revocations/${drafted.body.id}`, "PATCH", {
      expectedVersion: drafted.body.version,
      alternativesNote: "A curfew and a warning.",
      recommendation: "revoke",
    });
    const submitted = await api(page, `/api/v1/revocations/${drafted.body.id}/submit`, "POST", { expectedVersion: edited.body.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await supervisor.goto(`${baseUrl}/revocations/${drafted.body.id}`);
    await supervisor.getByRole("button", { name: "Record the discussion and decide" }).click();
    const letterDecision = supervisor.getByRole("dialog", { name: "Record the discussion and decide" });
    await letterDecision.getByLabel("Who took part").fill("Dana North (officer)");
    await letterDecision.getByLabel("Notes of the discussion").fill("New job starts Monday; one more chance.");
    await chooseRadio(supervisor, letterDecision.getByRole("radio", { name: /^No revocation/ }));
    await letterDecision.getByRole("button", { name: "Decide" }).click();
    await letterDecision.getByRole("button", { name: "Confirm the decision" }).click();
    await letterDecision.getByRole("alert").filter({ hasText: "Give the reason for no revocation" }).waitFor();
    await letterDecision.getByLabel("Reason").fill("First curfew lapse since the job began.");
    await letterDecision.getByLabel("What the person must do now").fill("Be home by 9 PM every night and report every Monday at 9 AM.");
    await letterDecision.getByRole("button", { name: "Decide" }).click();
    await letterDecision.getByRole("button", { name: "Confirm the decision" }).click();
    await supervisor.getByRole("status").filter({ hasText: "Decided: no revocation." }).waitFor();
    await supervisor.getByRole("link", { name: "Open the letter to the person" }).click();
    await supervisor.getByRole("heading", { level: 1, name: "Your supervision continues" }).waitFor();
    expect(await supervisor.getByTestId("letter-instructions").textContent()).toBe(
      "Be home by 9 PM every night and report every Monday at 9 AM.",
    );
    await expectNoSeriousA11yViolations(supervisor, "no-revocation letter");

    // The officer sees both on the person page; the pages fit a phone.
    await page.goto(`${baseUrl}/people/${personId}#revocation`);
    await expect.poll(async () => section(page).getByTestId("revocation-item").count()).toBe(2);
    const items = await section(page).getByTestId("revocation-item").allTextContents();
    expect(items.some((text) => text.includes("Decided: no revocation"))).toBe(true);
    expect(items.some((text) => text.includes("Approved: goes to the authority"))).toBe(true);
    await expectNoSeriousA11yViolations(page, "revocation and recall section");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "revocation and recall section at 390 px");
    await page.goto(`${baseUrl}/revocations/${drafted.body.id}`);
    await page.getByTestId("revocation-status").waitFor();
    await expectNoSidewaysScroll(page, "revocation file at 390 px");
    await page.goto(`${baseUrl}/revocations/${drafted.body.id}/letter`);
    await page.getByRole("heading", { level: 1, name: "Your supervision continues" }).waitFor();
    await expectNoSidewaysScroll(page, "no-revocation letter at 390 px");
  });

  it("absconding puts the case on warrant status with its contact standards paused, until the person is found", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const unique = `ABS${Date.now().toString(36).toUpperCase()}`;
    const created = await api<{ personId: string; caseId: string }>(page, "/api/v1/people", "POST", {
      person: { firstName: "Ilse", lastName: `Brandvold${unique}`, dateOfBirth: "1991-05-20", agencyPersonNumber: unique },
      case: {
        caseNumber: unique,
        supervisionType: "parole",
        authorityName: "State Parole Board",
        supervisionStart: "2026-01-05",
        supervisionLevel: "moderate",
        riskLevel: "moderate",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { personId } = created.body;
    await page.goto(`${baseUrl}/people/${personId}#revocation`);
    await section(page).getByText("Parole: a recall and revocation recommendation goes to State Parole Board.", { exact: false }).waitFor();
    await section(page).getByRole("button", { name: "Record absconding" }).click();
    const dialog = page.getByRole("dialog", { name: "Record absconding" });
    await dialog.getByRole("button", { name: "Record absconding" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Give the day of the last contact" }).waitFor();
    await expectNoSeriousA11yViolations(page, "record absconding, with an error");
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel("Day of the last contact").fill(lastWeek);
    await dialog.getByLabel("What is known").fill("Not at the address; the employer says he stopped coming to work.");
    await dialog.getByRole("button", { name: "Record absconding" }).click();
    await section(page).getByTestId("absconding-standing").waitFor();
    expect(await section(page).getByTestId("absconding-standing").textContent()).toContain("Contact standards are paused");
    const caseload = await api<{ entries: { caseNumber: string; priorityReason: string; contactStatus: string }[] }>(
      page,
      "/api/v1/caseload?status=warrant&limit=200",
    );
    const entry = caseload.body.entries.find((row) => row.caseNumber === unique);
    expect(entry?.priorityReason).toContain("Warrant / absconded");
    expect(entry?.priorityReason).toContain("contact standards paused");

    await section(page).getByRole("button", { name: "Record that the person was found" }).click();
    const found = page.getByRole("dialog", { name: "Record that the person was found" });
    await chooseRadio(page, found.getByRole("radio", { name: /^In custody/ }));
    await found.getByLabel("How the person was found").fill("Arrested on the warrant by county deputies.");
    await expectNoSeriousA11yViolations(page, "record found");
    await found.getByRole("button", { name: "Record" }).click();
    await page.getByRole("status").filter({ hasText: "Found: the case is now in custody." }).waitFor();
    expect(await section(page).textContent()).toContain("found");
    expect(await section(page).getByTestId("absconding-standing").count()).toBe(0);
  });
});
