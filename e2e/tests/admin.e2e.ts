import { expect, inject, it } from "vitest";
import { AdminUsersPage, AgencySettingsPage, errorSummary, NewUserPage, UnitsPage, UserDetailsPage } from "../pages/admin-pages";
import { AppShell } from "../pages/app-shell";
import { setCheckbox } from "../pages/controls";
import { SignInPage } from "../pages/sign-in-page";
import { ChangePasswordPage, EnrollMfaPage } from "../pages/sign-in-steps";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser, totpKey } from "../support/flows";
import { nextTotpCode } from "../support/totp";

describeInBrowser("administration", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("lets an administrator create an officer who then signs in, changes password and enrols an authenticator", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "admin");
    const shell = new AppShell(page);
    expect(await shell.account().textContent()).toContain("Ada Whitfield");

    const users = new AdminUsersPage(page);
    await shell.openFromMenu("Administration", "Users");
    await users.table().waitFor();
    expect(await page.title()).toBe("Users | Waypoint");
    expect(await users.table().getByRole("cell", { name: "officer.north1", exact: true }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page, "admin users");

    await page.getByRole("link", { name: "Create user" }).click();
    const newUser = new NewUserPage(page);
    await newUser.heading().waitFor();
    await expectNoSeriousA11yViolations(page, "create user");
    await newUser.create({ username: "officer.new", displayName: "Nadia Newman", role: "Officer", unit: "North Field Office" });
    const temporaryPassword = await newUser.temporaryPassword();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    await expectNoSeriousA11yViolations(page, "user created");

    const units = new UnitsPage(page);
    await shell.openFromMenu("Administration", "Units");
    await units.table().waitFor();
    expect(await units.table().getByRole("rowheader", { name: "North Field Office" }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page, "admin units");

    const settings = new AgencySettingsPage(page);
    await shell.openFromMenu("Administration", "Agency settings");
    await settings.lockoutField().waitFor();
    await expectNoSeriousA11yViolations(page, "agency settings");

    await shell.signOut();

    // The new officer's first sign-in: temporary password, new password, authenticator enrolment.
    const signIn = new SignInPage(page);
    await signIn.submit("officer.new", temporaryPassword);
    const changePassword = new ChangePasswordPage(page);
    await changePassword.heading().waitFor();
    expect(await page.title()).toBe("Choose a new password | Waypoint");
    await expectNoSeriousA11yViolations(page, "change password");
    await changePassword.change(temporaryPassword, "granite lantern orchard 4817");

    const enroll = new EnrollMfaPage(page);
    const secret = await enroll.secret();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await enroll.qrCode().waitFor();
    await expectNoSeriousA11yViolations(page, "MFA enrolment");
    await enroll.confirm(await nextTotpCode(secret, totpKey(baseUrl, "officer.new")));

    await shell.waitForHome("Nadia Newman");
    const accountText = await shell.account().textContent();
    expect(accountText).toContain("Nadia Newman");
    expect(accountText).toContain("North Field Office");
  });

  it("summarises the create-user form's errors with focus, and stores the new user's work phone", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "admin");
    const users = new AdminUsersPage(page);
    await users.open();
    await page.getByRole("link", { name: "Create user" }).click();
    const newUser = new NewUserPage(page);
    // A phone in words, then a missing unit: each is summarised at the top, and the summary takes focus each time.
    const summaryLinks = async () => {
      await errorSummary(page).waitFor();
      expect(await errorSummary(page).evaluate((summary) => summary === document.activeElement)).toBe(true);
      return errorSummary(page).getByRole("link").allTextContents();
    };
    const pat = { username: "officer.phone", displayName: "Pat Phone", role: "Officer", unit: "No unit" };
    await newUser.create({ ...pat, phone: "call the desk" });
    expect(await summaryLinks()).toEqual(["Enter a phone number, such as (555) 010-0111"]);
    await expectNoSeriousA11yViolations(page, "create user with errors");
    await newUser.create({ ...pat, phone: "(555) 010-0177" });
    await errorSummary(page).getByRole("link", { name: "Choose the unit of an officer or supervisor" }).waitFor();
    expect(await summaryLinks()).toEqual(["Choose the unit of an officer or supervisor"]);
    await newUser.create({ ...pat, unit: "North Field Office", phone: "(555) 010-0177" });
    await newUser.temporaryPassword();
    await page.getByRole("link", { name: "Back to users" }).click();
    await users.table().getByRole("link", { name: "Pat Phone" }).click();
    expect(await new UserDetailsPage(page).phoneFact().textContent()).toBe("(555) 010-0177");
  });

  it("lets an administrator disable, enable and reset a user, manage units and save agency settings", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "admin");
    const users = new AdminUsersPage(page);
    await users.open();
    await users.table().getByRole("link", { name: "Sofia Reyes" }).click();
    await page.getByRole("heading", { level: 1, name: "Sofia Reyes" }).waitFor();
    await expectNoSeriousA11yViolations(page, "user details");

    // Disabling is asked first, saying what it does; cancelling changes nothing.
    await page.getByRole("button", { name: "Disable account" }).click();
    const confirm = page.getByRole("dialog", { name: "Disable account for Sofia Reyes?" });
    expect(await confirm.textContent()).toContain("signed out everywhere");
    await expectNoSeriousA11yViolations(page, "disable account confirmation");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await page.getByRole("status").filter({ hasText: "The account is disabled" }).count()).toBe(0);
    await page.getByRole("button", { name: "Disable account" }).click();
    await confirm.getByRole("button", { name: "Disable account" }).click();
    await page.getByRole("status").filter({ hasText: "The account is disabled" }).waitFor();
    await page.getByRole("button", { name: "Enable account" }).click();
    await page.getByRole("status").filter({ hasText: "The account is enabled" }).waitFor();
    await page.getByRole("button", { name: "Reset password" }).click();
    await page.getByRole("dialog", { name: "Reset password for Sofia Reyes?" }).getByRole("button", { name: "Reset password" }).click();
    expect((await page.getByLabel("Temporary password").inputValue()).length).toBeGreaterThanOrEqual(12);

    // The work phone a supervisor sees on an overdue field visit's card.
    const details = new UserDetailsPage(page);
    await details.savePhone("(555) 010-0166");
    await page.getByRole("status").filter({ hasText: "Changes saved." }).waitFor();
    expect(await details.phoneFact().textContent()).toBe("(555) 010-0166");
    await details.savePhone("");
    await details.phoneFact().filter({ hasText: "None on record" }).waitFor();

    const units = new UnitsPage(page);
    await units.open();
    await page.getByLabel("Unit name").fill("East Field Office");
    await page.getByRole("button", { name: "Add unit" }).click();
    await units.table().getByRole("rowheader", { name: "East Field Office" }).waitFor();
    await page.getByRole("button", { name: "Rename East Field Office" }).click();
    await page.getByLabel("New name for East Field Office").fill("East Valley Office");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await units.table().getByRole("rowheader", { name: "East Valley Office" }).waitFor();

    const settings = new AgencySettingsPage(page);
    await settings.open();
    // Words for a number are refused, not read as "no limit".
    await settings.lockoutField().fill("fifteen");
    await settings.routeStopLimitField().fill("41");
    await page.getByRole("button", { name: "Save settings" }).click();
    await errorSummary(page).waitFor();
    expect(await errorSummary(page).evaluate((summary) => summary === document.activeElement)).toBe(true);
    expect(await errorSummary(page).getByRole("link").allTextContents()).toEqual([
      "Enter a whole number of minutes from 1 to 10,080, or leave empty",
      "Enter a whole number of stops from 1 to 40",
    ]);
    await expectNoSeriousA11yViolations(page, "agency settings with errors");
    await settings.lockoutField().fill("15");
    await settings.routeStopLimitField().fill("6");
    await setCheckbox(page, settings.notifyUnitSupervisorField(), true);
    await settings.escalationField().fill("10");
    await settings.dutyContactField().selectOption({ label: "Sofia Reyes (supervisor.south)" });
    await setCheckbox(page, settings.missedTestField(), false);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    await page.reload();
    await settings.lockoutField().waitFor();
    expect(await settings.lockoutField().inputValue()).toBe("15");
    expect(await settings.escalationField().inputValue()).toBe("10");
    await settings.dutyContactField().locator("option", { hasText: "Sofia Reyes" }).waitFor({ state: "attached" });
    expect(await settings.dutyContactField().locator("option:checked").textContent()).toBe("Sofia Reyes (supervisor.south)");
    expect(await settings.missedTestField().isChecked()).toBe(false);
    expect(await settings.notifyUnitSupervisorField().isChecked()).toBe(true);
    expect(await settings.routeStopLimitField().inputValue()).toBe("6");
  });

  it("shows an officer 'not authorised' on administration pages", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const users = new AdminUsersPage(page);
    await users.goto();
    await page.getByRole("heading", { level: 1, name: "Not authorised" }).waitFor();
    expect(await users.table().count()).toBe(0);
    expect(await page.title()).toBe("Not authorised | Waypoint");

    // The server refuses the data as well.
    const status = await page.evaluate(async () => (await fetch("/api/v1/users", { credentials: "same-origin" })).status);
    expect(status).toBe(403);
  });
});
