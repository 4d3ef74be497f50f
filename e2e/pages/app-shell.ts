import type { Page } from "playwright-core";

/** The signed-in frame: header with the user, navigation and sign-out buttons. */
export class AppShell {
  constructor(readonly page: Page) {}

  readonly header = () => this.page.getByRole("banner");
  readonly account = () => this.page.getByRole("region", { name: "Your account" });
  readonly navigation = () => this.page.getByRole("navigation", { name: "Primary navigation" });
  /** The welcome page of administrators and auditors. */
  readonly homeHeading = (displayName: string) => this.page.getByRole("heading", { level: 1, name: `Welcome, ${displayName}` });
  /** The caseload, home page of officers and supervisors. */
  readonly caseloadHeading = () => this.page.getByRole("heading", { level: 1, name: /caseload$/ });

  /** Waits for the signed-in home page of this user: the welcome page or the caseload. */
  async waitForHome(displayName: string): Promise<void> {
    await this.homeHeading(displayName).or(this.caseloadHeading()).waitFor();
    await this.account().filter({ hasText: displayName }).waitFor();
  }

  /** A page under one of the header's menus ("Unit" for supervisors, "Administration" for administrators). */
  async openFromMenu(menu: "Unit" | "Administration", pageName: string): Promise<void> {
    await this.navigation().getByRole("button", { name: menu }).click();
    await this.navigation().getByRole("link", { name: pageName, exact: true }).click();
  }

  async signOut(): Promise<void> {
    await this.account().getByRole("button", { name: "Sign out", exact: true }).click();
    await this.page.getByRole("heading", { level: 1, name: "Sign in to Waypoint" }).waitFor();
  }
}
