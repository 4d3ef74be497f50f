import type { Page } from "playwright-core";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";
import { MfaChallengePage } from "../pages/sign-in-steps";
import { demoAccount, demoPassword, demoTotpSecret } from "./accounts";
import { nextTotpCode } from "./totp";

/** Key of the TOTP step memory: steps are per server (database) and user. */
export const totpKey = (baseUrl: string, username: string) => `${baseUrl}|${username}`;

/** Signs a demo user in with password and a fresh TOTP code; returns the code used. */
export async function signInAsDemoUser(page: Page, baseUrl: string, username: string): Promise<string> {
  const account = demoAccount(username);
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submit(username, demoPassword);
  const code = await nextTotpCode(demoTotpSecret(baseUrl, username), totpKey(baseUrl, username));
  await new MfaChallengePage(page).enterCode(code);
  await new AppShell(page).waitForHome(account.displayName);
  return code;
}
