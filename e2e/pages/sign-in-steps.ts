import type { Page } from "playwright-core";

export class MfaChallengePage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Enter your authenticator code" });
  readonly alert = (text: RegExp) => this.page.getByRole("alert").filter({ hasText: text });

  async enterCode(code: string): Promise<void> {
    await this.heading().waitFor();
    await this.page.getByLabel("Authenticator code").fill(code);
    await this.page.getByRole("button", { name: "Verify" }).click();
  }
}

export class ChangePasswordPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Choose a new password" });

  async change(currentPassword: string, newPassword: string): Promise<void> {
    await this.heading().waitFor();
    await this.page.getByLabel("Current password").fill(currentPassword);
    await this.page.getByLabel("New password", { exact: true }).fill(newPassword);
    await this.page.getByLabel("Confirm new password").fill(newPassword);
    await this.page.getByRole("button", { name: "Change password" }).click();
  }
}

export class EnrollMfaPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Set up your authenticator app" });
  readonly qrCode = () => this.page.getByRole("img", { name: "QR code for your authenticator app" });

  /** The setup key shown for manual entry. */
  async secret(): Promise<string> {
    await this.heading().waitFor();
    const field = this.page.getByLabel("Setup key");
    await field.waitFor();
    return field.inputValue();
  }

  async confirm(code: string): Promise<void> {
    await this.page.getByLabel("Authenticator code").fill(code);
    await this.page.getByRole("button", { name: "Confirm and continue" }).click();
  }
}
