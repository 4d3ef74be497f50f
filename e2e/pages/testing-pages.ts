import type { Locator, Page } from "playwright-core";
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
    for (const substance of panel) await setCheckbox(this.page, form.getByLabel(substance, { exact: true }), true);
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
      await form.getByLabel(`Result for ${substance}`, { exact: true }).selectOption({ label: result });
    }
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && /\/api\/v1\/cases\/[^/]+\/tests$/.test(new URL(candidate.url()).pathname),
      ),
      form.getByRole("button", { name: "Record test" }).click(),
    ]);
    if (response.status() !== 201) throw new Error(`Recording the test answered ${response.status()}: ${await response.text()}`);
    const saved = (await response.json()) as { id: string; collectedAt: string; countsAsPositive: boolean };
    await form.getByRole("status").filter({ hasText: "Test recorded" }).waitFor();
    return saved;
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
