import type { Page } from "playwright-core";
import { setCheckbox } from "./controls";

export class AdminUsersPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Users" });
  readonly table = () => this.page.getByRole("table", { name: "Staff accounts" });

  async goto(): Promise<void> {
    await this.page.goto("/admin/users");
  }

  async open(): Promise<void> {
    await this.goto();
    await this.table().waitFor();
  }
}

export class NewUserPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Create user" });

  async create(input: { username: string; displayName: string; role: string; unit: string; phone?: string }): Promise<void> {
    await this.heading().waitFor();
    await this.page.getByLabel("Username").fill(input.username);
    await this.page.getByLabel("Full name").fill(input.displayName);
    const roles = this.page.getByRole("group", { name: "Roles" });
    for (const role of ["Officer", "Supervisor", "Administrator", "Auditor"]) {
      await setCheckbox(this.page, roles.getByRole("checkbox", { name: role, exact: true }), role === input.role);
    }
    await this.page.getByLabel("Unit", { exact: true }).selectOption({ label: input.unit });
    if (input.phone !== undefined) await this.page.getByLabel("Work phone (optional)").fill(input.phone);
    await this.page.getByRole("button", { name: "Create user" }).click();
  }

  /** The one-time temporary password shown after creating the user. */
  async temporaryPassword(): Promise<string> {
    const field = this.page.getByLabel("Temporary password");
    await field.waitFor();
    return field.inputValue();
  }
}

/** One staff account: its facts, account actions and the edit form. */
export class UserDetailsPage {
  constructor(readonly page: Page) {}

  readonly phoneField = () => this.page.getByLabel("Work phone (optional)");
  /** The "Work phone" fact shown above the forms. */
  readonly phoneFact = () => this.page.locator("dt", { hasText: /^Work phone$/ }).locator("xpath=following-sibling::dd[1]");

  async savePhone(phone: string): Promise<void> {
    await this.phoneField().fill(phone);
    await this.page.getByRole("button", { name: "Save changes" }).click();
  }
}

/** The USWDS error summary of a failed submit (it takes focus). */
export const errorSummary = (page: Page) => page.locator("[data-error-summary]");

export class UnitsPage {
  constructor(readonly page: Page) {}

  readonly table = () => this.page.getByRole("table", { name: "Units" });

  async open(): Promise<void> {
    await this.page.goto("/admin/units");
    await this.table().waitFor();
  }
}

export class AgencySettingsPage {
  constructor(readonly page: Page) {}

  readonly lockoutField = () => this.page.getByLabel("Release a lockout automatically after (minutes)");
  readonly escalationField = () => this.page.getByLabel("Escalate an overdue field visit every (minutes)");
  readonly dutyContactField = () => this.page.getByLabel("Duty contact");
  readonly missedTestField = () => this.page.getByLabel("A missed, refused or dilute test counts as a positive one");
  readonly notifyUnitSupervisorField = () => this.page.getByLabel(/Also notify the supervisors of the case's unit/);
  readonly routeStopLimitField = () => this.page.getByLabel("Stops on a new day's route");

  async open(): Promise<void> {
    await this.page.goto("/admin/settings");
    await this.lockoutField().waitFor();
  }
}

export class AuditPage {
  constructor(readonly page: Page) {}

  readonly table = () => this.page.getByRole("table", { name: "Audit entries" });
  readonly exportLink = () => this.page.getByRole("link", { name: "Export CSV" });

  async open(): Promise<void> {
    await this.page.goto("/audit");
    await this.table().waitFor();
  }

  async search(filters: { actor?: string; action?: string }): Promise<void> {
    if (filters.actor !== undefined) await this.page.getByLabel("Actor (username)").fill(filters.actor);
    if (filters.action !== undefined) await this.page.getByLabel("Action", { exact: true }).fill(filters.action);
    await this.page.getByRole("button", { name: "Search" }).click();
  }
}
