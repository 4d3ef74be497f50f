import type { Locator, Page } from "playwright-core";

/** The Addresses section of the person page: the history (current first) and its dialogs. */
export class PersonAddressesSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Addresses", exact: true });
  readonly table = () => this.region().getByRole("table", { name: "Address history, current first" });
  readonly current = () => this.table().locator("tbody tr[data-current]");
  readonly dialog = (name: string) => this.page.getByRole("dialog", { name });

  row(text: string): Locator {
    return this.table().locator("tbody tr").filter({ hasText: text });
  }

  /** The cell of a row under this column (the stacked table labels each cell by its column). */
  cell(row: Locator, column: "Kind" | "Lived there" | "Verification"): Locator {
    return row.locator(`td[data-label="${column}"]`);
  }

  async openAdd(): Promise<Locator> {
    await this.region().getByRole("button", { name: "Add an address" }).click();
    const dialog = this.dialog("Add an address");
    await dialog.waitFor();
    return dialog;
  }

  /** Fills the street fields of an address form (the form's own labels). */
  async fillStreet(scope: Locator, street: { line1: string; city: string; state: string; postalCode: string }): Promise<void> {
    await scope.getByLabel("Street address", { exact: true }).fill(street.line1);
    await scope.getByLabel("City", { exact: true }).fill(street.city);
    await scope.getByLabel("State", { exact: true }).fill(street.state);
    await scope.getByLabel("ZIP code", { exact: true }).fill(street.postalCode);
  }
}

/** The Employment section of the person page. */
export class PersonEmploymentSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Employment", exact: true });
  readonly table = () => this.region().getByRole("table", { name: "Employment history, current first" });
  readonly dialog = (name: string) => this.page.getByRole("dialog", { name });

  row(employer: string): Locator {
    return this.table()
      .locator("tbody tr")
      .filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${employer}`) }) });
  }

  async add(job: { employer: string; position: string; phone: string }): Promise<void> {
    await this.region().getByRole("button", { name: "Add employment" }).click();
    const dialog = this.dialog("Add employment");
    await dialog.getByLabel("Employer", { exact: true }).fill(job.employer);
    await dialog.getByLabel("Position (optional)").fill(job.position);
    await dialog.getByLabel("Employer's phone (optional)").fill(job.phone);
    await dialog.getByRole("button", { name: "Save employment" }).click();
    await dialog.waitFor({ state: "detached" });
  }
}

/** Chooses a USWDS radio button by its label (the input itself is visually hidden; people click the label). */
export async function chooseRadio(scope: Locator, label: string): Promise<void> {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await scope
    .locator("label.usa-radio__label")
    .filter({ hasText: new RegExp(`^${escaped}$`) })
    .click();
  if (!(await scope.getByLabel(label, { exact: true }).isChecked())) throw new Error(`The radio button "${label}" was not chosen.`);
}
