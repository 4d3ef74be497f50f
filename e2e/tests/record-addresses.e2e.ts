import { expect, inject, it } from "vitest";
import { NewPersonPage, PersonPage } from "../pages/caseload-pages";
import { PersonContactsSection } from "../pages/contacts-pages";
import { chooseRadio, PersonAddressesSection, PersonEmploymentSection } from "../pages/record-address-pages";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

/** A calendar date as the page shows it. */
const shownDate = (isoDate: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));

describeInBrowser("addresses and employment on the person page", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer creates a person with an address and phone, adds an employer, records a shelter stay and sees it", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const intake = new NewPersonPage(page);
    await intake.goto();
    await expectNoSeriousA11yViolations(page, "new person form with its address");

    // The first address and the phone, so the new person can be routed and verified.
    const suffix = String(Date.now()).slice(-7);
    await intake.field("Phone (optional)").fill("404-555-0177");
    await chooseRadio(intake.form(), "Residence");
    // A transient record asks for the last known location instead of a street address.
    await chooseRadio(intake.form(), "No fixed address (transient)");
    await intake.field("Last known location").waitFor();
    expect(await intake.form().getByLabel("Street address", { exact: true }).count()).toBe(0);
    await chooseRadio(intake.form(), "Residence");
    await intake.field("Street address").fill("12 Oak St");
    await intake.field("City").fill("Atlanta");
    await intake.field("State").fill("GA");
    await intake.field("ZIP code").fill("30303");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "new person form");
    await page.setViewportSize(desk);
    await intake.submit({
      firstName: "Sasha",
      lastName: `Shelter${suffix}`,
      dateOfBirth: "1989-07-14",
      agencyPersonNumber: `E2EA${suffix}`,
      caseNumber: `PR-E2EA-${suffix}`,
      authority: "Superior Court of Demo County",
      supervisionStart: "2026-01-05",
    });

    const person = new PersonPage(page);
    await person
      .heading()
      .filter({ hasText: `Sasha Shelter${suffix}` })
      .waitFor();
    expect(await person.facts().allTextContents()).toContain("404-555-0177");
    const addresses = new PersonAddressesSection(page);
    const residence = addresses.row("12 Oak St");
    await residence.waitFor();
    expect(await addresses.cell(residence, "Kind").textContent()).toMatch(/^Residence/);
    expect(await addresses.current().getByRole("rowheader").textContent()).toBe("12 Oak St, Atlanta, GA 30303");
    // Moved in on the supervision start, not verified yet: the home verification standard applies.
    expect(await addresses.cell(residence, "Lived there").textContent()).toBe(`Since ${shownDate("2026-01-05")}`);
    expect(await addresses.cell(residence, "Verification").textContent()).toBe("Not verified yet");
    const contacts = new PersonContactsSection(page);
    await contacts.standards().waitFor();
    expect(await contacts.done("Home verification")).toBe("Not verified yet");

    // An employer, then the employer's confirmation.
    const employment = new PersonEmploymentSection(page);
    await employment.add({ employer: "Acme Logistics", position: "Forklift operator", phone: "404-555-0199" });
    const job = employment.row("Acme Logistics");
    await job.waitFor();
    expect(await job.locator('td[data-label="Position"]').textContent()).toBe("Forklift operator");
    expect(await job.locator('td[data-label="Verification"]').textContent()).toBe("Not verified yet");
    await job.getByRole("button", { name: /^Record verification/ }).click();
    const verifyJob = employment.dialog("Record employer verification");
    await verifyJob.getByRole("button", { name: "Save verification" }).click();
    await verifyJob.waitFor({ state: "detached" });
    await expect.poll(() => job.locator('td[data-label="Verification"]').textContent()).toMatch(/^Verified on .+ by /);

    // A shelter stay: a move, so the residence ends the same day and stays in the history.
    const add = await addresses.openAdd();
    await chooseRadio(add, "Shelter");
    // Nothing but the kind: the error summary takes focus and lists what a shelter stay needs.
    const movedIn = add.getByLabel("Moved in", { exact: true });
    const today = await movedIn.inputValue();
    await movedIn.fill("");
    await add.getByRole("button", { name: "Save address" }).click();
    const summary = add.locator("[data-error-summary]");
    await summary.waitFor();
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await summary.getByRole("link").allTextContents()).toEqual(
      expect.arrayContaining(["Enter the shelter's name", "Enter the street address", "Enter the date they moved in"]),
    );
    await expectNoSeriousA11yViolations(page, "add an address, errors summarised");
    await add.getByLabel("Shelter name").fill("Gateway Center");
    await addresses.fillStreet(add, { line1: "275 Pryor St", city: "Atlanta", state: "GA", postalCode: "30303" });
    await movedIn.fill(today);
    await add.getByRole("button", { name: "Save address" }).click();
    await add.waitFor({ state: "detached" });

    const shelter = addresses.row("Gateway Center");
    await shelter.waitFor();
    expect(await shelter.getByRole("rowheader").textContent()).toBe("Gateway Center (shelter), 275 Pryor St, Atlanta, GA 30303");
    expect(await addresses.cell(shelter, "Kind").textContent()).toMatch(/^Shelter/);
    expect(await addresses.cell(shelter, "Verification").textContent()).toBe("Not verified yet (ask the shelter's staff)");
    await expect
      .poll(() => addresses.cell(residence, "Lived there").textContent())
      .toBe(`${shownDate("2026-01-05")} – ${shownDate(today)}`);
    expect(await addresses.current().count()).toBe(1);
    // The shelter stay is verified like a home: the standard starts again from the move, in words.
    await expect
      .poll(() => contacts.standard("Home verification").locator("td").nth(1).textContent())
      .toMatch(new RegExp(`^${shownDate(today)} – `));
    expect(await contacts.done("Home verification")).toBe("Not verified yet");
    for (const region of [addresses.region(), employment.region()]) expect(await region.getByText(/\d{4}-\d{2}-\d{2}/).count()).toBe(0);

    await expectNoSeriousA11yViolations(page, "person page with a shelter stay and a job");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "person page with a shelter stay and a job");
    await addresses
      .current()
      .getByRole("button", { name: /^Move out/ })
      .click();
    const moveOut = addresses.dialog("Record a move out?");
    await moveOut.getByText("Gateway Center (shelter)").waitFor();
    await expectNoSidewaysScroll(page, "move-out confirmation");
    await expectNoSeriousA11yViolations(page, "move-out confirmation");
    // Cancelling changes nothing.
    await moveOut.getByRole("button", { name: "Cancel" }).click();
    await moveOut.waitFor({ state: "detached" });
    expect(await addresses.current().count()).toBe(1);

    // They leave the shelter with no fixed address: no home to verify, a whereabouts check instead, explained in words.
    // (At a desk: on a phone the tables stack, and their rows are read as blocks.)
    await page.setViewportSize(desk);
    const transient = await addresses.openAdd();
    await chooseRadio(transient, "No fixed address (transient)");
    await transient.getByLabel("Last known location").fill("Near the Five Points bus station");
    await transient.getByRole("button", { name: "Save address" }).click();
    await transient.waitFor({ state: "detached" });
    const lastKnown = addresses.row("Last known: Near the Five Points bus station");
    await lastKnown.waitFor();
    expect(await addresses.cell(lastKnown, "Verification").textContent()).toBe("No home to verify: seen face to face instead");
    expect(await lastKnown.getByRole("button", { name: /^Record verification/ }).count()).toBe(0);
    await contacts.standard("Whereabouts check (no fixed address)").waitFor();
    expect(await contacts.standard("Home verification").count()).toBe(0);
    expect(await contacts.done("Whereabouts check (no fixed address)")).toBe("Not seen yet");
    expect(
      await contacts
        .region()
        .getByText(/^No fixed address: there is no home to verify/)
        .textContent(),
    ).toMatch(/face to face at least every \d+ days/);
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "person page with no fixed address");
    await expectNoSeriousA11yViolations(page, "person page with no fixed address");
  });
});
