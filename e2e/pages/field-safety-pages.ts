import type { Locator, Page } from "playwright-core";
import type { z } from "zod";
import type { fieldVisit } from "../../src/shared/contract/field-safety";

export type StartedVisit = z.infer<typeof fieldVisit>;

/** The banner shown on every page while the signed-in user is checked in to a field visit. */
export class FieldVisitBanner {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Field visit in progress" });
  readonly checkOutButton = () => this.region().getByRole("button", { name: "Check out" });

  async isOverdue(): Promise<boolean> {
    return (await this.region().getAttribute("data-overdue")) === "true";
  }

  /** Checks out and waits for the banner to go. */
  async checkOut(): Promise<void> {
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && new URL(candidate.url()).pathname === "/api/v1/field-visits/check-out",
      ),
      this.checkOutButton().click(),
    ]);
    if (response.status() !== 200) throw new Error(`Checking out answered ${response.status()}: ${await response.text()}`);
    await this.region().waitFor({ state: "detached" });
  }
}

/** The "Start a field visit" form, on the Field safety page or in the person page's Field visit section. */
export class StartVisitForm {
  constructor(
    readonly page: Page,
    readonly scope: Page | Locator = page,
  ) {}

  readonly form = () => this.scope.getByRole("form", { name: "Start a field visit" });
  readonly location = () => this.form().getByLabel("Where are you going?");
  readonly minutes = () => this.form().getByLabel("Expected duration (minutes)");
  readonly secondOfficer = () => this.form().getByLabel("Second officer");
  readonly cautionWarning = () => this.form().getByRole("alert").filter({ hasText: "A second officer is required" });
  readonly reason = () => this.form().getByLabel("Reason for going alone");

  /** Fills what is given and submits; returns the server's status and answer. */
  async submit(fields: { location?: string; minutes?: number; reason?: string }): Promise<{ status: number; body: StartedVisit }> {
    if (fields.location !== undefined) await this.location().fill(fields.location);
    if (fields.minutes !== undefined) await this.minutes().fill(String(fields.minutes));
    if (fields.reason !== undefined) await this.reason().fill(fields.reason);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.request().method() === "POST" && new URL(candidate.url()).pathname === "/api/v1/field-visits",
      ),
      this.form()
        .getByRole("button", { name: /^Start field visit/ })
        .click(),
    ]);
    return { status: response.status(), body: (await response.json()) as StartedVisit };
  }
}

/** Field safety: the board of visits in progress (supervisors) and the check-in for a visit not tied to a case. */
export class FieldSafetyPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Field safety" });
  readonly board = () => this.page.getByRole("list", { name: "Field visits in progress" });
  readonly startForm = () => new StartVisitForm(this.page);

  async goto(): Promise<void> {
    await this.page.goto("/field-safety");
    await this.heading().waitFor();
  }

  visit(visitId: string): Locator {
    return this.page.locator(`li[data-visit-id="${visitId}"]`);
  }

  /** on_time, overdue, escalated or acknowledged. */
  async status(visitId: string): Promise<string | null> {
    return this.visit(visitId).getAttribute("data-status");
  }

  async acknowledge(visitId: string): Promise<void> {
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "POST" && new URL(candidate.url()).pathname === `/api/v1/field-visits/${visitId}/acknowledge`,
      ),
      this.visit(visitId).getByRole("button", { name: "Acknowledge" }).click(),
    ]);
    if (response.status() !== 200) throw new Error(`Acknowledging answered ${response.status()}: ${await response.text()}`);
  }
}

/** The notifications page: unread and urgent first, mark read one by one or all at once. */
export class NotificationsPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Notifications" });
  readonly list = () => this.page.getByRole("list", { name: "Your notifications" });
  readonly unreadCount = () => this.page.getByTestId("unread-count");
  readonly markAllButton = () => this.page.getByRole("button", { name: "Mark all read" });

  async goto(): Promise<void> {
    await this.page.goto("/notifications");
    await this.heading().waitFor();
  }

  /** The notifications whose title matches. */
  withTitle(title: string | RegExp): Locator {
    return this.list().locator("li[data-notification-id]").filter({ hasText: title });
  }

  /** Marks this notification read; returns its id (the list re-sorts, read ones last). */
  async markRead(item: Locator): Promise<string> {
    const id = await item.getAttribute("data-notification-id");
    if (!id) throw new Error("The notification has no id.");
    await this.byId(id).getByRole("button", { name: "Mark as read" }).click();
    await this.byId(id).and(this.page.locator('[data-read="true"]')).waitFor();
    return id;
  }

  byId(id: string): Locator {
    return this.list().locator(`li[data-notification-id="${id}"]`);
  }

  async markAllRead(): Promise<void> {
    await this.markAllButton().click();
    await this.unreadCount().filter({ hasText: "All read." }).waitFor();
  }
}
