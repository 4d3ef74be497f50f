import { inject, it } from "vitest";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

describeInBrowser("shots", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");
  it("shots", async () => {
    for (const who of ["admin", "supervisor.north"] as const) {
      const page = await browser.newPage(baseUrl);
      await page.setViewportSize({ width: 1280, height: 800 });
      await signInAsDemoUser(page, baseUrl, who);
      await page.waitForTimeout(1500);
      if (who === "admin") await page.getByRole("button", { name: "Administration" }).click();
      await page.screenshot({ path: `/tmp/shot-${who}.png` });
    }
  });
});
