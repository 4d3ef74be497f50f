import type { Locator, Page } from "playwright-core";

export type StandardKindLabel =
  | "Face-to-face contacts"
  | "Field contacts"
  | "Office visits"
  | "Home visits"
  | "Collateral contacts"
  | "Employment verifications"
  | "Home verification"
  | "Whereabouts check (no fixed address)";
/** The standards panel's row labels by requirement kind. */
export const standardKindLabels = {
  face_to_face: "Face-to-face contacts",
  field: "Field contacts",
  office: "Office visits",
  home_visit: "Home visits",
  collateral: "Collateral contacts",
  employment_verification: "Employment verifications",
  home_verification: "Home verification",
  whereabouts: "Whereabouts check (no fixed address)",
} as const satisfies Record<string, StandardKindLabel>;

/** The Contacts section of the person page: contact standards, the "Record a contact" form and the history. */
export class PersonContactsSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Contacts", exact: true });
  readonly standards = () => this.region().getByRole("table", { name: "Contact standards" });
  readonly history = () => this.region().getByRole("table", { name: "Contacts of this case, newest first" });
  readonly form = () => this.region().getByRole("form", { name: "Record a contact" });

  /** The standards row of this kind's current period ("Face-to-face contacts"…). */
  standard(kind: StandardKindLabel): Locator {
    return this.standards()
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: kind, exact: true }) });
  }

  /** The row of this kind's previous period, shown only when it was missed. */
  missedPeriod(kind: StandardKindLabel): Locator {
    return this.standards()
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: `${kind}, missed period`, exact: true }) });
  }

  /** The status word of a standard (Met / Due / Due soon / Overdue): Overdue when its previous period was missed. */
  async status(kind: StandardKindLabel): Promise<string> {
    const row = (await this.missedPeriod(kind).count()) > 0 ? this.missedPeriod(kind) : this.standard(kind);
    return ((await row.locator('td[data-column="status"]').textContent()) ?? "").replace(/[⚠✓]/g, "").trim();
  }

  /** "done of required" of a standard. */
  async done(kind: StandardKindLabel): Promise<string> {
    return ((await this.standard(kind).locator('td[data-column="done"]').textContent()) ?? "").trim();
  }

  contact(id: string): Locator {
    return this.history().locator(`tr[data-contact-id="${id}"]`);
  }

  /** Fills and submits the form; returns the new contact (id, noteId) once it is in the history. */
  async record(input: {
    type: string;
    outcome: string;
    location?: string;
    peoplePresent?: string;
    narrative?: string;
  }): Promise<{ id: string; noteId: string | null }> {
    const form = this.form();
    await form.getByLabel("Type of contact").selectOption({ label: input.type });
    await form.getByLabel("Outcome").selectOption({ label: input.outcome });
    if (input.location !== undefined) await form.getByLabel("Location").fill(input.location);
    if (input.peoplePresent !== undefined) await form.getByLabel("Who was present").fill(input.peoplePresent);
    if (input.narrative !== undefined) await form.getByLabel("Narrative note").fill(input.narrative);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "POST" && /\/api\/v1\/cases\/[^/]+\/contacts$/.test(new URL(candidate.url()).pathname),
      ),
      form.getByRole("button", { name: "Record contact" }).click(),
    ]);
    if (response.status() !== 201) throw new Error(`Recording the contact answered ${response.status()}: ${await response.text()}`);
    const saved = (await response.json()) as { id: string; noteId: string | null };
    await this.contact(saved.id).waitFor();
    await form.getByRole("status").filter({ hasText: "recorded as" }).waitFor();
    return saved;
  }
}

/** Administration → Contact standards. */
export class ContactStandardsAdminPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Contact standards" });
  readonly form = () => this.page.getByRole("form", { name: "Contact standards" });
  readonly table = () => this.form().getByRole("table", { name: "Contact requirements" });
  readonly requirementRows = () => this.table().locator("tbody tr[data-requirement]");

  async goto(): Promise<void> {
    await this.page.goto("/admin/contact-standards");
    await this.table().waitFor();
  }

  /** A field of requirement row n (1-based), e.g. "number of contacts". */
  field(n: number, name: "supervision level" | "caseload tag" | "kind of contact" | "number of contacts" | "period"): Locator {
    return this.form().getByLabel(`Requirement ${n}: ${name}`, { exact: true });
  }

  /** The 1-based number of the row for this level and kind with no caseload tag. */
  async rowOf(level: string, kind: string): Promise<number> {
    const count = await this.requirementRows().count();
    for (let n = 1; n <= count; n++) {
      const levelValue = await this.field(n, "supervision level").inputValue();
      const kindValue = await this.field(n, "kind of contact").inputValue();
      const tagValue = await this.field(n, "caseload tag").inputValue();
      if (levelValue === level && kindValue === kind && tagValue === "") return n;
    }
    throw new Error(`No requirement row for ${level}/${kind}`);
  }

  async save(): Promise<number> {
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "PUT" && new URL(candidate.url()).pathname === "/api/v1/contact-standards",
      ),
      this.form().getByRole("button", { name: "Save contact standards" }).click(),
    ]);
    return response.status();
  }
}
