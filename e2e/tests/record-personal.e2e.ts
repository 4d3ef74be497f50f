import { expect, inject, it } from "vitest";
import { PersonPage } from "../pages/caseload-pages";
import { PersonalDetailsSection } from "../pages/record-household-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

type PersonAnswer = {
  person: {
    version: number;
    name: { first: string; middle: string | null; last: string };
    dateOfBirth: string;
    agencyPersonNumber: string;
    phone: string | null;
  };
};

describeInBrowser("the person's own fields", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer corrects the name and phone; a correction from a stale page gets the conflict message and reloads the current values", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const created = await intakeUnseenSinceLastMonth(page, {
      prefix: "PD",
      firstName: "Pia",
      lastName: "Details",
      dateOfBirth: "1988-07-02",
      supervisionType: "probation",
      authorityName: "Superior Court",
      level: "moderate",
      line1: "4 Detail Street",
      city: "Atlanta",
      postalCode: "30303",
    });
    const person = new PersonPage(page);
    await person.goto(created.personId);
    await person.heading().waitFor();
    const details = new PersonalDetailsSection(page);
    await details.openForm();
    await expectNoSeriousA11yViolations(page, "person page, personal details form");

    // A blank last name: the summary says so and takes focus; nothing is sent.
    await details.form().getByLabel("Last name").fill("");
    await details.save();
    await details.errorSummary().waitFor();
    expect(await details.errorSummary().textContent()).toContain("Enter the last name");
    await expect.poll(() => details.errorSummary().evaluate((element) => element === document.activeElement)).toBe(true);

    await details.form().getByLabel("Last name").fill("Details");
    await details.form().getByLabel("Middle name (optional)").fill("Rose");
    await details.form().getByLabel("Phone (optional)").fill("404-555-0177");
    await details.save();
    await details.saved().filter({ hasText: "saved" }).waitFor();
    await expect.poll(() => person.heading().textContent()).toContain("Pia Rose Details");
    expect(await details.region().textContent()).toContain("404-555-0177");

    // Someone else corrects the record after this form was opened: saving it gets the conflict, nothing is overwritten.
    await details.openForm();
    const current = (await api<PersonAnswer>(page, `/api/v1/people/${created.personId}`)).body.person;
    const meanwhile = await api(page, `/api/v1/people/${created.personId}`, "PATCH", {
      firstName: "Pia",
      middleName: "Rose",
      lastName: "Details",
      dateOfBirth: current.dateOfBirth,
      agencyPersonNumber: current.agencyPersonNumber,
      phone: "404-555-0199",
      expectedVersion: current.version,
    });
    expect(meanwhile.status).toBe(200);
    await details.form().getByLabel("First name").fill("Piper");
    await details.save();
    await details.errorSummary().getByText("Someone else changed this record").waitFor();
    expect(await details.errorSummary().textContent()).toMatch(
      /Olivia Ortiz changed this person's record on .+ after you opened it\. Reload/,
    );
    expect((await api<PersonAnswer>(page, `/api/v1/people/${created.personId}`)).body.person).toMatchObject({
      name: { first: "Pia" },
      phone: "404-555-0199",
    });
    await expectNoSeriousA11yViolations(page, "person page, personal details conflict");

    // Reloading starts the form from the current values, which then save.
    await details.errorSummary().getByRole("button", { name: "Reload the current version" }).click();
    await expect.poll(() => details.form().getByLabel("Phone (optional)").inputValue()).toBe("404-555-0199");
    await details.form().getByLabel("First name").fill("Piper");
    await details.save();
    await details.saved().filter({ hasText: "saved" }).waitFor();
    await expect.poll(() => person.heading().textContent()).toContain("Piper Rose Details");

    for (const size of [desk, phone]) {
      await page.setViewportSize(size);
      await details.openForm();
      await expectNoSidewaysScroll(page, `person page with the personal details form at ${size.width} px`);
    }
  });
});
