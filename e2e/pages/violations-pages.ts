import type { Locator, Page } from "playwright-core";
import { setCheckbox } from "./controls";

/** The Violations and responses section of the person page and its dialogs. */
export class PersonViolationsSection {
  constructor(readonly page: Page) {}

  readonly region = () => this.page.getByRole("region", { name: "Violations and responses", exact: true });
  readonly violations = () => this.region().getByTestId("violation");
  readonly dialog = (name: string) => this.page.getByRole("dialog", { name });

  /** The violation card whose heading starts with this type ("Positive drug test"). */
  violation(type: string): Locator {
    return this.violations().filter({ has: this.page.getByRole("heading", { name: new RegExp(`^${type}`) }) });
  }

  /** Opens "Choose a response" for the violation and submits the form with the matrix's choice or a departure. */
  async chooseResponse(
    type: string,
    choice: { response: string } | { departTo: string; reason: string },
  ): Promise<{ status: number; body: string }> {
    await this.violation(type)
      .getByRole("button", { name: /^Choose a response/ })
      .click();
    const dialog = this.dialog("Choose a response");
    if ("response" in choice) {
      await setCheckbox(this.page, dialog.getByRole("radio", { name: choice.response }), true);
    } else {
      await setCheckbox(this.page, dialog.getByLabel("Depart from the matrix (a supervisor approves)"), true);
      await dialog.getByLabel("Response outside the matrix").selectOption({ label: choice.departTo });
      if (choice.reason) await dialog.getByLabel("Reason for departing from the matrix").fill(choice.reason);
    }
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === "POST" && /\/api\/v1\/violations\/[^/]+\/responses$/.test(new URL(candidate.url()).pathname),
      ),
      dialog.getByRole("button", { name: /^(Choose response|Propose the departure)$/ }).click(),
    ]);
    return { status: response.status(), body: await response.text() };
  }

  responses(type: string): Locator {
    return this.violation(type).getByTestId("violation-response");
  }
}
