import { setTimeout as sleep } from "node:timers/promises";
import { expect, inject, it } from "vitest";
import { SignInPage } from "../pages/sign-in-page";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

describeInBrowser("idle session expiry", () => {
  const browser = useBrowser();
  const baseUrl = inject("shortIdleBaseUrl");

  it("sends the user back to sign-in with the expiry message after the idle timeout", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.south1");

    // This server ends sessions after 3 s without activity; the wait is time-based by nature.
    await sleep(4_500);
    await page.reload();

    const signIn = new SignInPage(page);
    await signIn.heading().waitFor();
    await signIn.alert(/session expired/i).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.getByRole("heading", { name: /Welcome/ }).count()).toBe(0);
  });
});
