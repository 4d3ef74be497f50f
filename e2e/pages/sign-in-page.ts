import type { Page } from "playwright-core";
import { setCheckbox } from "./controls";

export class SignInPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Sign in to Waypoint" });
  readonly useNotice = () => this.page.getByRole("region", { name: "System use notice" });
  /** An alert (role="alert") whose text matches. */
  readonly alert = (text: RegExp) => this.page.getByRole("alert").filter({ hasText: text });

  async goto(): Promise<void> {
    await this.page.goto("/sign-in");
    await this.heading().waitFor();
  }

  async submit(username: string, password: string): Promise<void> {
    await this.page.getByLabel("Username", { exact: true }).fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await setCheckbox(this.page, this.page.getByRole("checkbox", { name: /I have read the system use notice/ }), true);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** Submits and waits for the server's answer to this sign-in attempt; returns its HTTP status. */
  async submitAndWait(username: string, password: string): Promise<number> {
    const [answer] = await Promise.all([
      this.page.waitForResponse((response) => new URL(response.url()).pathname === "/api/auth/sign-in"),
      this.submit(username, password),
    ]);
    return answer.status();
  }
}
