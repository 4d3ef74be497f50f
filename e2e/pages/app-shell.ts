import type { Page } from "playwright-core";

/** The signed-in frame: header with the user, navigation and sign-out buttons. */
export class AppShell {
  constructor(readonly page: Page) {}

  readonly header = () => this.page.getByRole("banner");
  readonly account = () => this.page.getByRole("region", { name: "Your account" });
  readonly navigation = () => this.page.getByRole("navigation", { name: "Primary navigation" });
  readonly homeHeading = (displayName: string) => this.page.getByRole("heading", { level: 1, name: `Welcome, ${displayName}` });

  async waitForHome(displayName: string): Promise<void> {
    await this.homeHeading(displayName).waitFor();
  }

  async signOut(): Promise<void> {
    await this.account().getByRole("button", { name: "Sign out", exact: true }).click();
    await this.page.getByRole("heading", { level: 1, name: "Sign in to Waypoint" }).waitFor();
  }
}
