import type { Locator, Page } from "playwright-core";

/** The caseload: home page of officers and supervisors. */
export class CaseloadPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: /caseload$/ });
  readonly table = () => this.page.getByRole("table", { name: /^Open cases/ });
  readonly rows = () => this.table().locator("tbody tr[data-case-id]");
  /** "Showing N of total cases". */
  readonly count = () => this.page.getByRole("status").filter({ hasText: /^Showing \d+ of \d+/ });
  readonly main = () => this.page.getByRole("main");

  async goto(): Promise<void> {
    await this.page.goto("/");
    await this.table().waitFor();
  }

  /** The text of one column in every loaded row. */
  async column(name: "level" | "priority"): Promise<string[]> {
    return this.rows().locator(`[data-column="${name}"]`).allTextContents();
  }

  async filterBy(
    label: "Supervision level" | "Tag" | "Status" | "Contact" | "Officer" | "Discharge" | "Sort by",
    option: string,
  ): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel("Search by name or ID").fill(text);
    await this.page.getByRole("search", { name: "Caseload" }).getByRole("button", { name: "Search" }).click();
  }

  personLink(agencyPersonNumber: string): Locator {
    return this.rows()
      .filter({ hasText: `Agency ${agencyPersonNumber}` })
      .getByRole("link");
  }
}

/** The person page: header, cautions, sections, notes and (supervisors) transfer. */
export class PersonPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1 });
  readonly cautionAlert = () => this.page.getByRole("alert").filter({ hasText: /Safety caution/ });
  readonly facts = () => this.page.getByRole("definition");
  readonly notes = () => this.page.getByRole("region", { name: "Notes", exact: true });
  readonly noAccessHeading = () => this.page.getByRole("heading", { level: 1, name: "You do not have access to this person" });

  async goto(personId: string): Promise<void> {
    await this.page.goto(`/people/${personId}`);
  }

  /** The note with this id (its article in the timeline). */
  note(id: string): Locator {
    return this.page.locator(`article[id="note-${id}"]`);
  }

  /** Writes a draft note with this narrative; returns its id once it is in the timeline. */
  async addDraftNote(narrative: string): Promise<string> {
    const form = this.notes().getByRole("form", { name: "Add a note" });
    await form.getByLabel("Narrative").fill(narrative);
    const id = await this.savedNoteId(/\/api\/v1\/cases\/[^/]+\/notes$/, () => form.getByRole("button", { name: "Save draft" }).click());
    await this.note(id).waitFor();
    return id;
  }

  /** Amends the signed note with this new narrative; returns the amendment's id once it is shown. */
  async amend(noteId: string, narrative: string): Promise<string> {
    await this.note(noteId).getByRole("button", { name: "Amend" }).click();
    const form = this.note(noteId).getByRole("form", { name: /^Amend:/ });
    await form.getByLabel("Narrative").fill(narrative);
    const id = await this.savedNoteId(/\/api\/v1\/notes\/[^/]+\/amendments$/, () =>
      form.getByRole("button", { name: "Save amendment" }).click(),
    );
    await this.note(id).waitFor();
    return id;
  }

  /** The confirmation that signing asks for (signing is final). */
  readonly signDialog = () => this.page.getByRole("dialog", { name: "Sign this note?" });

  async askToSign(noteId: string) {
    await this.note(noteId).getByRole("button", { name: "Sign note" }).click();
    await this.signDialog().waitFor();
    return this.signDialog();
  }

  async sign(noteId: string): Promise<void> {
    const dialog = await this.askToSign(noteId);
    await dialog.getByRole("button", { name: "Sign note" }).click();
    await this.note(noteId).getByText("Signed", { exact: true }).waitFor();
  }

  private async savedNoteId(path: RegExp, submit: () => Promise<void>): Promise<string> {
    const [response] = await Promise.all([
      this.page.waitForResponse((candidate) => candidate.request().method() === "POST" && path.test(new URL(candidate.url()).pathname)),
      submit(),
    ]);
    if (response.status() !== 201) throw new Error(`Saving the note answered ${response.status()}: ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  async transfer(officer: string, reason: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Transfer the case" });
    await form.getByLabel("New officer").selectOption({ label: officer });
    await form.getByLabel("Reason for the transfer").fill(reason);
    await form.getByRole("button", { name: "Transfer case" }).click();
  }
}

export type IntakeValues = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  agencyPersonNumber: string;
  caseNumber: string;
  authority: string;
  supervisionStart: string;
  offense?: string;
};

export class NewPersonPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "New person" });
  readonly form = () => this.page.getByRole("form", { name: "New person" });

  async goto(): Promise<void> {
    await this.page.goto("/people/new");
    await this.heading().waitFor();
  }

  field(label: string): Locator {
    return this.form().getByLabel(label, { exact: true });
  }

  async submit(values: IntakeValues): Promise<void> {
    await this.field("First name").fill(values.firstName);
    await this.field("Last name").fill(values.lastName);
    await this.field("Date of birth").fill(values.dateOfBirth);
    await this.field("Agency person number").fill(values.agencyPersonNumber);
    await this.field("Case number").fill(values.caseNumber);
    await this.field("Supervision type").selectOption({ label: "Probation" });
    await this.field("Authority").fill(values.authority);
    await this.field("Supervision start").fill(values.supervisionStart);
    await this.field("Supervision level").selectOption({ label: "High" });
    await this.field("Risk level").selectOption({ label: "Moderate" });
    if (values.offense) await this.field("Offense description").fill(values.offense);
    await this.form().getByRole("button", { name: "Create person and case" }).click();
  }

  /** The error summary at the top of the form (it takes focus after a failed submit). */
  readonly errorSummary = () => this.form().locator("[data-error-summary]");

  async submitEmpty(): Promise<void> {
    await this.form().getByRole("button", { name: "Create person and case" }).click();
  }

  /** The error message shown with a field (USWDS: inside its form group). */
  fieldError(label: string): Locator {
    return this.form()
      .locator(".usa-form-group--error")
      .filter({ has: this.page.getByLabel(label, { exact: true }) })
      .locator(".usa-error-message");
  }
}
