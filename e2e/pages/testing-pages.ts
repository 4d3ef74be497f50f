import type { Locator, Page } from "playwright-core";
import type { DrugTest } from "../../src/shared/contract/testing";
import { formatSubstance } from "../../src/web/lib/format";
import { setCheckbox } from "./controls";

/** The Drug testing section of the person page: program, call-in status, "Record a test" and the trend chart with its table. */
export class PersonTestingSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Drug testing", exact: true });
  readonly programForm = () => this.region().getByRole("form", { name: "Testing program" });
  readonly programFacts = () => this.region().getByRole("definition");
  readonly recordForm = () => this.region().getByRole("form", { name: "Record a test" });
  readonly callIn = () => this.region().getByText(/^(Must test today|Not selected today|Today's draw not made yet)$/);
  readonly chart = () => this.region().getByRole("img", { name: /^Drug test trend/ });
  readonly table = () => this.region().getByRole("table", { name: "Drug tests of this case, oldest first" });

  /** The chart's mark of a test. */
  mark(testId: string): Locator {
    return this.chart().locator(`g[data-test-id="${testId}"]`);
  }

  row(testId: string): Locator {
    return this.table().locator(`tr[data-test-id="${testId}"]`);
  }

  /** Sets a program through the form: frequency label (e.g. "Random") and the panel's substances. */
  async setProgram(frequency: string, panel: string[]): Promise<void> {
    const form = this.programForm();
    await form.getByLabel("Frequency").selectOption({ label: frequency });
    for (const substance of panel) await setCheckbox(this.page, form.getByLabel(formatSubstance(substance), { exact: true }), true);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "PUT" && /\/api\/v1\/cases\/[^/]+\/testing-program$/.test(new URL(candidate.url()).pathname),
      ),
      form.getByRole("button", { name: "Save testing program" }).click(),
    ]);
    if (response.status() !== 200) throw new Error(`Setting the program answered ${response.status()}: ${await response.text()}`);
    await this.recordForm().waitFor();
  }

  /** Records a collected test with these results (substance → result label); returns the saved test. */
  async recordCollected(
    specimenId: string,
    results: Record<string, string>,
  ): Promise<{ id: string; collectedAt: string; countsAsPositive: boolean }> {
    const form = this.recordForm();
    await form.getByLabel("Status").selectOption({ label: "Collected" });
    await form.getByLabel("Specimen ID").fill(specimenId);
    for (const [substance, result] of Object.entries(results)) {
      await form.getByLabel(`Result for ${formatSubstance(substance)}`, { exact: true }).selectOption({ label: result });
    }
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && /\/api\/v1\/cases\/[^/]+\/tests$/.test(new URL(candidate.url()).pathname),
      ),
      form.getByRole("button", { name: "Record test" }).click(),
    ]);
    if (response.status() !== 201) throw new Error(`Recording the test answered ${response.status()}: ${await response.text()}`);
    const saved = (await response.json()) as DrugTest;
    await form.getByRole("status").filter({ hasText: "Test recorded" }).waitFor();
    return saved;
  }
}

export type SavedTest = DrugTest;

/** The "Record a test" form's extras and each recorded test's details (lab answers, chain of custody). */
export class TestRecords {
  constructor(readonly section: PersonTestingSection) {}

  private get page(): Page {
    return this.section.page;
  }

  readonly form = () => this.section.recordForm();
  readonly custodySteps = () => this.form().getByTestId("custody-step");

  /** Sets a substance's result (label) and, optionally, its lab confirmation (label). */
  async setResult(substance: string, result: string, confirmation?: "Not required" | "Pending: sent to the lab"): Promise<void> {
    await this.form()
      .getByLabel(`Result for ${formatSubstance(substance)}`, { exact: true })
      .selectOption({ label: result });
    if (confirmation)
      await this.form()
        .getByLabel(`Lab confirmation for ${formatSubstance(substance)}`, { exact: true })
        .selectOption({ label: confirmation });
  }

  /** Ticks "The person admitted use", the admitted substances of the panel, and others as free text. */
  async admit(fromPanel: string[], others = ""): Promise<void> {
    await setCheckbox(this.page, this.form().getByRole("checkbox", { name: "The person admitted use" }), true);
    const group = this.form().getByRole("group", { name: "Substances admitted" });
    for (const substance of fromPanel) await setCheckbox(this.page, group.getByLabel(formatSubstance(substance), { exact: true }), true);
    if (others) await this.form().getByLabel("Other substances admitted").fill(others);
  }

  /** Submits the form as it is; returns the saved test. */
  async submit(): Promise<SavedTest> {
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && /\/api\/v1\/cases\/[^/]+\/tests$/.test(new URL(candidate.url()).pathname),
      ),
      this.form().getByRole("button", { name: "Record test" }).click(),
    ]);
    if (response.status() !== 201) throw new Error(`Recording the test answered ${response.status()}: ${await response.text()}`);
    await this.form().getByRole("status").filter({ hasText: "Test recorded" }).waitFor();
    return (await response.json()) as SavedTest;
  }

  /** A recorded test's details. */
  record(testId: string): Locator {
    return this.section.region().locator(`article[data-test-id="${testId}"]`);
  }

  result(testId: string, substance: string): Locator {
    return this.record(testId).locator(`li[data-substance="${substance}"]`);
  }

  custody(testId: string): Locator {
    return this.record(testId).getByRole("list", { name: "Chain of custody" }).getByRole("listitem");
  }

  /** Appends a custody step (action label, e.g. "Shipped") dated now. */
  async addCustodyStep(testId: string, action: string, byName: string): Promise<void> {
    await this.record(testId).getByRole("button", { name: "Add a custody step" }).click();
    const form = this.record(testId).getByRole("form", { name: /^Add a custody step/ });
    await form.getByLabel("Action").selectOption({ label: action });
    await form.getByLabel("By (name)").fill(byName);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && new URL(candidate.url()).pathname === `/api/v1/tests/${testId}/custody`,
      ),
      form.getByRole("button", { name: "Add step" }).click(),
    ]);
    if (response.status() !== 201) throw new Error(`Adding the custody step answered ${response.status()}: ${await response.text()}`);
    await form.waitFor({ state: "detached" });
  }

  /** Records the lab's answer on a pending result (asked twice: it is final). */
  async labAnswer(testId: string, substance: string, answer: "confirmed" | "overturned"): Promise<void> {
    const item = this.result(testId, substance);
    await item.getByRole("button", { name: answer === "confirmed" ? "Confirmed by the lab" : "Overturned by the lab" }).click();
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "PATCH" && new URL(candidate.url()).pathname === `/api/v1/tests/${testId}/results/${substance}`,
      ),
      item.getByRole("button", { name: `Yes, ${answer}` }).click(),
    ]);
    if (response.status() !== 200) throw new Error(`Recording the lab's answer answered ${response.status()}: ${await response.text()}`);
    await this.result(testId, substance)
      .and(this.page.locator(`[data-confirmation="${answer}"]`))
      .waitFor();
  }
}

/** Supervisors: the random testing draw of today. */
export class DrawPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Random testing draw" });
  readonly makeButton = () => this.page.getByRole("button", { name: "Make today's draw" });
  readonly result = () => this.page.getByRole("region", { name: /^Draw of / });
  readonly seed = () => this.page.getByTestId("draw-seed");
  readonly candidates = () => this.page.getByTestId("draw-candidates");
  readonly selected = () => this.result().getByRole("table", { name: /^Selected to test on/ });
  readonly selectedRows = () => this.selected().locator("tbody tr[data-case-id]");

  async goto(): Promise<void> {
    await this.page.goto("/testing/draw");
    await this.heading().waitFor();
  }

  /** Makes today's draw, or (drawn already) shows the stored one; returns the POST status, or null when no button was offered. */
  async makeOrLoad(): Promise<number | null> {
    await this.makeButton().or(this.result()).first().waitFor();
    if ((await this.makeButton().count()) === 0) return null;
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && new URL(candidate.url()).pathname === "/api/v1/testing/draws",
      ),
      this.makeButton().click(),
    ]);
    await this.result().waitFor();
    return response.status();
  }

  async verify(): Promise<void> {
    await this.result().getByRole("button", { name: "Verify" }).click();
  }
}
