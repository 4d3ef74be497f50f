import type { Locator, Page } from "playwright-core";

/**
 * USWDS hides the native checkbox off-screen and draws it on its label, so a person clicks the
 * label: find it through the checkbox's own accessible label (for/id) and click that.
 */
export async function setCheckbox(page: Page, checkbox: Locator, checked: boolean): Promise<void> {
  if ((await checkbox.isChecked()) === checked) return;
  const id = await checkbox.getAttribute("id");
  if (!id) throw new Error("The checkbox has no id for its label.");
  await page.locator(`label[for="${id}"]`).click();
  if ((await checkbox.isChecked()) !== checked) throw new Error("Clicking the label did not change the checkbox.");
}
