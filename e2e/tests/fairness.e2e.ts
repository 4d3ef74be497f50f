import { expect, inject, it } from "vitest";
import { AppShell } from "../pages/app-shell";
import { setCheckbox } from "../pages/controls";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

describeInBrowser("fairness monitoring", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer records what a person reports about race and ethnicity; a supervisor compares restrictive responses by group", async () => {
    const officer = await browser.newPage(baseUrl);
    await signInAsDemoUser(officer, baseUrl, "officer.north1");
    const today = new Date().toISOString().slice(0, 10);
    const dueOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const stamp = Date.now().toString(36).toUpperCase();

    /** A very-high-risk case with a low-severity violation met by a treatment referral (not restrictive); its id and person's. */
    async function respondedCase(index: number) {
      const unique = `FAIR${stamp}${index}`;
      const created = await api<{ personId: string; caseId: string }>(officer, "/api/v1/people", "POST", {
        person: { firstName: "Farah", lastName: `Okafor${unique}`, dateOfBirth: "1992-06-01", agencyPersonNumber: unique },
        case: {
          caseNumber: unique,
          supervisionType: "probation",
          authorityName: "Superior Court, Demo County",
          supervisionStart: today,
          supervisionLevel: "intensive",
          riskLevel: "very_high",
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const violation = await api<{ id: string; version: number }>(officer, `/api/v1/cases/${created.body.caseId}/violations`, "POST", {
        type: "other",
        severity: "low",
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        description: "Late for a curfew check",
      });
      expect(violation.status, JSON.stringify(violation.body)).toBe(201);
      const response = await api(officer, `/api/v1/violations/${violation.body.id}/responses`, "POST", {
        expectedVersion: violation.body.version,
        response: "treatment_referral",
        dueOn,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return created.body;
    }

    const people = [];
    for (let index = 0; index < 11; index += 1) people.push(await respondedCase(index));
    for (const { personId } of people.slice(1)) {
      expect(
        (await api(officer, `/api/v1/people/${personId}/race-ethnicity`, "PUT", { declined: false, categories: ["white"] })).status,
      ).toBe(200);
    }

    // The first is recorded on the page: shown only when asked, then recorded with the form.
    await officer.goto(`${baseUrl}/people/${people[0]!.personId}#personal`);
    const personal = officer.getByRole("region", { name: "Personal details" });
    await personal.getByRole("button", { name: "Show race and ethnicity" }).click();
    await personal.getByText("Not recorded yet.").waitFor();
    await personal.getByRole("button", { name: "Record race and ethnicity" }).click();
    const form = personal.getByRole("form", { name: "Record race and ethnicity" });
    // Neither a category nor "declined": the summary says what is missing and takes the focus.
    await form.getByRole("button", { name: "Save race and ethnicity" }).click();
    const summary = form.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Choose at least one category, or record that the person declined");
    await setCheckbox(officer, form.getByRole("checkbox", { name: "White" }), true);
    await expectNoSeriousA11yViolations(officer, "race and ethnicity form");
    await form.getByRole("button", { name: "Save race and ethnicity" }).click();
    await personal.getByText("Race and ethnicity saved.").waitFor();
    await personal.getByText(/^White — recorded by /).waitFor();

    // The supervisor's report: the cell of low-severity violations at very high risk, with the White group shown.
    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    // From Unit tasks, beside the other views of the unit (the header keeps to one line).
    await new AppShell(supervisor).openFromMenu("Unit", "Unit tasks");
    await supervisor.getByRole("link", { name: "fairness of responses" }).click();
    await supervisor.getByRole("heading", { level: 1, name: "Fairness of responses" }).waitFor();
    const table = supervisor.getByRole("table", { name: "Low severity violations, very high risk" });
    await table.waitFor();
    const white = table.getByRole("row", { name: /^White/ });
    const cells = await white.getByRole("cell").allTextContents();
    expect(Number(cells[0])).toBeGreaterThanOrEqual(11);
    expect(cells[1]).toMatch(/^0 \(0%\)/);
    await expectNoSeriousA11yViolations(supervisor, "fairness report");
  });
});
