import type { Locator, Page } from "playwright-core";

/** The Supervision section of the person page: level, risk, status and tags with their history, and the co-officers. */
export class CaseSupervisionSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Supervision", exact: true });
  readonly editButton = () => this.region().getByRole("button", { name: "Edit supervision" });
  readonly form = () => this.region().getByRole("form", { name: "Edit supervision" });
  readonly errorSummary = () => this.form().locator("[data-error-summary]");
  readonly saved = () => this.region().getByRole("status");
  readonly history = () => this.region().getByRole("list", { name: "Changes of level, risk, status and tags, newest first" });
  readonly historyEntries = () => this.history().locator("[data-case-change]");
  readonly coOfficers = () => this.region().getByRole("list", { name: "Co-officers of this case" });
  readonly addCoOfficerForm = () => this.region().getByRole("form", { name: "Add a co-officer" });

  /** Opens the form, sets the level (by its label) and the reason, and saves. */
  async changeLevel(level: string, reason: string): Promise<void> {
    await this.openForm();
    await this.form().getByLabel("Supervision level").selectOption({ label: level });
    await this.form().getByLabel("Reason for the change").fill(reason);
    await this.form().getByRole("button", { name: "Save changes" }).click();
  }

  async openForm(): Promise<void> {
    if ((await this.form().count()) === 0) await this.editButton().click();
    await this.form().waitFor();
  }

  async addCoOfficer(name: string): Promise<void> {
    await this.addCoOfficerForm().getByLabel("Add a co-officer").selectOption({ label: name });
    await this.addCoOfficerForm().getByRole("button", { name: "Add co-officer" }).click();
  }

  coOfficer(name: string): Locator {
    return this.coOfficers().getByRole("listitem").filter({ hasText: name });
  }

  /** The confirmation that removing a co-officer asks for. */
  removeDialog(name: string): Locator {
    return this.page.getByRole("dialog", { name: `Remove ${name}?` });
  }
}
