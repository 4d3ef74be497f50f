import type { Locator, Page, Request } from "playwright-core";

/** The status word of an appointment's tag (Scheduled / Completed / Cancelled / Outcome not recorded). */
async function statusWord(item: Locator): Promise<string> {
  return ((await item.locator('[data-field="status"] .usa-tag').textContent()) ?? "").replace(/[⚠✓]/g, "").trim();
}

/** Calendar: day and week views, actions on appointments and the subscription address. */
export class CalendarPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: /calendar/ });
  /** The date or week shown ("Thursday, June 12, 2025" / "Week of June 9 – 15, 2025"). */
  readonly range = () => this.page.getByTestId("calendar-range");
  readonly toolbar = () => this.page.getByRole("navigation", { name: "Calendar dates and view" });
  readonly feed = () => this.page.getByRole("region", { name: "Subscribe in your calendar app" });
  /** The page's notice after an action (role="status"). */
  readonly notice = (text: RegExp) => this.page.locator(".waypoint-notice").getByText(text);

  async goto(view: "day" | "week", date: string): Promise<void> {
    await this.page.goto(`/calendar?view=${view}&date=${date}`);
    await this.range().waitFor();
  }

  /** Previous / Today / Next (day or week, by the view). */
  async move(to: "Previous" | "Today" | "Next"): Promise<void> {
    await this.toolbar()
      .getByRole("link", { name: new RegExp(`^${to}`) })
      .click();
  }

  async switchTo(view: "Day" | "Week"): Promise<void> {
    await this.toolbar()
      .getByRole("link", { name: `${view} view` })
      .click();
  }

  appointment(id: string): Locator {
    return this.page.locator(`li[data-appointment-id="${id}"]`);
  }

  /** A day of the week view by its YYYY-MM-DD date. */
  weekDay(date: string): Locator {
    return this.page.locator(`section[data-day="${date}"]`);
  }

  status(id: string): Promise<string> {
    return statusWord(this.appointment(id));
  }

  /** Opens an action's dialog ("Record outcome", "Reschedule", "Cancel") of an appointment. */
  async open(id: string, action: "Record outcome" | "Reschedule" | "Cancel"): Promise<AppointmentDialog> {
    await this.appointment(id)
      .getByRole("button", { name: new RegExp(`^${action} of the`) })
      .click();
    const dialog = new AppointmentDialog(this.page, action === "Cancel" ? "Cancel the appointment" : action);
    await dialog.dialog().waitFor();
    return dialog;
  }

  /** Makes a subscription address and returns it. */
  async subscriptionAddress(): Promise<string> {
    await this.feed()
      .getByRole("button", { name: /subscription address|new address/ })
      .click();
    const input = this.feed().getByLabel("Subscription address");
    await input.waitFor();
    return input.inputValue();
  }
}

/** The dialog of an appointment action. */
export class AppointmentDialog {
  constructor(
    readonly page: Page,
    readonly title: string,
  ) {}

  readonly dialog = () => this.page.getByRole("dialog", { name: this.title });
  readonly outcomeForm = () => this.dialog().getByRole("form", { name: "Record the outcome" });

  /** Records the outcome with the pre-filled form; returns the answer's status and what was sent. */
  async recordOutcome(
    input: { outcome?: string; peoplePresent?: string } = {},
  ): Promise<{ status: number; sent: Record<string, unknown> }> {
    const form = this.outcomeForm();
    if (input.outcome) await form.getByLabel("Outcome").selectOption({ label: input.outcome });
    if (input.peoplePresent) await form.getByLabel("Who was present").fill(input.peoplePresent);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "POST" && /\/api\/v1\/cases\/[^/]+\/contacts$/.test(new URL(candidate.url()).pathname),
      ),
      form.getByRole("button", { name: "Record outcome" }).click(),
    ]);
    return { status: response.status(), sent: sentBody(response.request()) };
  }
}

const sentBody = (request: Request): Record<string, unknown> => JSON.parse(request.postData() ?? "{}") as Record<string, unknown>;

export type ScheduleValues = { type: string; date: string; time: string; duration?: string; location?: string };

/** The "Next appointments" section of the person page. */
export class PersonAppointmentsSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Next appointments", exact: true });
  readonly upcoming = () => this.region().getByRole("list", { name: "Next appointments" });
  readonly earlier = () => this.region().getByRole("table", { name: "Earlier and cancelled appointments, newest first" });
  readonly form = () => this.region().getByRole("form", { name: "Schedule appointment" });
  readonly notice = (text: RegExp) => this.region().locator(".waypoint-notice").getByText(text);
  /** The error message of the date and start time group (USWDS: inside the group). */
  readonly whenError = () =>
    this.form().locator(".usa-form-group--error").filter({ hasText: "Date and start time" }).locator(".usa-error-message");

  upcomingItem(id: string): Locator {
    return this.upcoming().locator(`li[data-appointment-id="${id}"]`);
  }

  earlierRow(id: string): Locator {
    return this.earlier().locator(`tr[data-appointment-id="${id}"]`);
  }

  status(row: Locator): Promise<string> {
    return statusWord(row);
  }

  /** Opens the form (if closed), fills and submits it; returns the answer's status and body. */
  async schedule(values: ScheduleValues): Promise<{ status: number; body: { id?: string } }> {
    if ((await this.form().count()) === 0) {
      await this.region().getByRole("button", { name: "Schedule appointment", exact: true }).click();
    }
    const form = this.form();
    await form.getByLabel("Type of appointment").selectOption({ label: values.type });
    await form.getByLabel("Date", { exact: true }).fill(values.date);
    await form.getByLabel("Start time").fill(values.time);
    if (values.duration) await form.getByLabel("Duration").selectOption({ label: values.duration });
    if (values.location !== undefined) await form.getByLabel("Location").fill(values.location);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "POST" && /\/api\/v1\/cases\/[^/]+\/appointments$/.test(new URL(candidate.url()).pathname),
      ),
      form.getByRole("button", { name: "Schedule appointment" }).click(),
    ]);
    return { status: response.status(), body: (await response.json()) as { id?: string } };
  }
}
