import type { Locator, Page } from "playwright-core";

/** The person page's household and family contacts, safety cautions, other names and photo sections. */
export class PersonHouseholdSections {
  constructor(readonly page: Page) {}

  readonly household = () => this.page.getByRole("region", { name: "Household and family", exact: true });
  readonly cautions = () => this.page.getByRole("region", { name: "Safety cautions", exact: true });
  readonly aliases = () => this.page.getByRole("region", { name: "Other names", exact: true });
  readonly photo = () => this.page.getByRole("region", { name: "Photo", exact: true });
  readonly dialog = (name: string) => this.page.getByRole("dialog", { name });
  /** The error summary of a form (USWDS), which takes focus after a failed submit. */
  readonly errorSummary = (within: Locator) => within.locator("[data-error-summary]");

  /** The contact of this name in the household list. */
  contact(fullName: string): Locator {
    return this.household().locator("li[data-contact-id]").filter({ hasText: fullName });
  }

  async addContact(input: { kind: string; fullName: string; relationship: string; phone: string }): Promise<void> {
    await this.household().getByRole("button", { name: "Add a contact" }).click();
    const form = this.household().getByRole("form", { name: "Add a contact" });
    await form.getByLabel("Who they are").selectOption({ label: input.kind });
    await form.getByLabel("Full name").fill(input.fullName);
    await form.getByLabel("Relationship (optional)").fill(input.relationship);
    await form.getByLabel("Phone (optional)").fill(input.phone);
    await form.getByRole("button", { name: "Save contact" }).click();
    await this.contact(input.fullName).waitFor();
  }

  async addAlias(fullName: string, kind: string): Promise<void> {
    const form = this.aliases().getByRole("form", { name: "Add another name" });
    await form.getByLabel("Name they are known by").fill(fullName);
    await form.getByLabel("Kind of name").selectOption({ label: kind });
    await form.getByRole("button", { name: "Add name" }).click();
    await this.aliases()
      .getByRole("button", { name: `Remove ${fullName}` })
      .waitFor();
  }

  async addCaution(kind: string, description: string): Promise<void> {
    const form = this.cautions().getByRole("form", { name: "Add a caution" });
    await form.getByLabel("Kind of caution").selectOption({ label: kind });
    await form.getByLabel("What to be careful of").fill(description);
    await form.getByRole("button", { name: "Add caution" }).click();
    await this.cautions().getByRole("list", { name: "Current safety cautions" }).getByText(description).waitFor();
  }

  /** Chooses a file in the photo's file input (a buffer made by the test). */
  async choosePhoto(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.photo()
      .getByLabel(/^(Upload a|Replace the) photo/)
      .setInputFiles(file);
  }
}

/** The person page's Personal details section: the person's own fields and their correction form. */
export class PersonalDetailsSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Personal details", exact: true });
  readonly form = () => this.region().getByRole("form", { name: "Correct personal details" });
  readonly errorSummary = () => this.form().locator("[data-error-summary]");
  readonly saved = () => this.region().getByRole("status");

  async openForm(): Promise<void> {
    if ((await this.form().count()) === 0) await this.region().getByRole("button", { name: "Correct personal details" }).click();
    await this.form().waitFor();
  }

  save(): Promise<void> {
    return this.form().getByRole("button", { name: "Save personal details" }).click();
  }
}
