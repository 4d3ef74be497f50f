import { crc32, deflateSync } from "node:zlib";
import { expect, inject, it } from "vitest";
import { PersonPage } from "../pages/caseload-pages";
import { PersonHouseholdSections } from "../pages/record-household-pages";
import { demoAccount } from "../support/accounts";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

/** A real PNG of width × height pixels of one colour, built here so the test needs no file. */
function solidPng(width: number, height: number, [red, green, blue]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  // Each row: filter type 0, then its pixels.
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [red, green, blue]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

type PersonAnswer = {
  person: { hasPhoto: boolean; aliases: { fullName: string; kind: string }[] };
  contacts: { fullName: string; kind: string; relationship: string | null; phone: string | null }[];
  cautions: unknown[];
  retiredCautions: { description: string; retiredReason: string | null; retiredBy: string | null }[];
};

describeInBrowser("household, other names, safety cautions and the photo", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer adds a household contact, an alias and a caution, retires the caution with a reason and uploads a photo", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const created = await intakeUnseenSinceLastMonth(page, {
      prefix: "HH",
      firstName: "Hana",
      // A long family name with no place to break: the person's header must still fit a phone.
      lastName: "Householdersonmacallister",
      dateOfBirth: "1990-03-14",
      supervisionType: "probation",
      authorityName: "Superior Court",
      level: "moderate",
      line1: "12 Linden Street",
      city: "Atlanta",
      postalCode: "30303",
    });
    const person = new PersonPage(page);
    await person.goto(created.personId);
    await person.heading().waitFor();
    const sections = new PersonHouseholdSections(page);

    // A contact without a name: the error summary takes focus and says what is missing.
    await sections.household().getByRole("button", { name: "Add a contact" }).click();
    const addForm = sections.household().getByRole("form", { name: "Add a contact" });
    await addForm.getByRole("button", { name: "Save contact" }).click();
    await expect.poll(() => sections.errorSummary(addForm).evaluate((summary) => summary === document.activeElement)).toBe(true);
    expect(await sections.errorSummary(addForm).textContent()).toContain("Enter the contact's full name");
    await addForm.getByRole("button", { name: "Cancel" }).click();

    // The household contact, then a correction of its phone number.
    await sections.addContact({
      kind: "Lives with them (household)",
      fullName: "Rosa Household",
      relationship: "Mother",
      phone: "(555) 010-2233",
    });
    expect(await sections.contact("Rosa Household").textContent()).toContain("Mother");
    await sections
      .contact("Rosa Household")
      .getByRole("button", { name: /^Correct/ })
      .click();
    const correction = sections.household().getByRole("form", { name: "Correct Rosa Household" });
    await correction.getByLabel("Phone (optional)").fill("(555) 010-9988");
    await correction.getByRole("button", { name: "Save correction" }).click();
    await sections.contact("Rosa Household").getByText("(555) 010-9988").waitFor();

    // Another name: listed, and the overview names its kind in words.
    await sections.addAlias("Hanny", "Street name");
    await page.getByRole("region", { name: "Overview" }).getByText("Hanny (street name)").waitFor();

    // The caution shows at the top of the record, for anyone visiting.
    await sections.addCaution("Dog", "Large dog in the yard; call before entering");
    await person.cautionAlert().getByText("Large dog in the yard; call before entering").waitFor();

    // Retiring asks for confirmation and a reason; the caution leaves the header and stays as history.
    await sections.cautions().getByRole("button", { name: "Retire the caution Dog" }).click();
    const retire = sections.dialog("Retire this caution?");
    await retire.getByRole("button", { name: "Retire caution" }).click();
    expect(await sections.errorSummary(retire).textContent()).toContain("Say why the caution no longer applies");
    await retire.getByLabel("Why it no longer applies").fill("The dog was rehomed");
    await retire.getByRole("button", { name: "Retire caution" }).click();
    await retire.waitFor({ state: "detached" });
    await expect.poll(() => person.cautionAlert().count()).toBe(0);
    const history = sections.cautions().getByRole("list", { name: "Retired cautions" });
    await history.getByText(/The dog was rehomed/).waitFor();
    expect(await history.textContent()).toContain(`by ${demoAccount("officer.north1").displayName}`);

    // The photo: a file that is not an image is refused here, one that only claims to be a PNG by the server.
    await sections.choosePhoto({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await sections.photo().getByText("The photo must be a JPEG, PNG or WebP image").waitFor();
    await sections.choosePhoto({
      name: "fake.png",
      mimeType: "image/png",
      buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"),
    });
    await sections.photo().getByRole("button", { name: "Save photo" }).click();
    await sections.photo().getByText("The photo must be a JPEG, PNG or WebP image").waitFor();
    expect((await api<PersonAnswer>(page, `/api/v1/people/${created.personId}`)).body.person.hasPhoto).toBe(false);

    // A real PNG: previewed, saved, and shown in the header.
    await sections.choosePhoto({ name: "hana.png", mimeType: "image/png", buffer: solidPng(48, 48, [30, 90, 160]) });
    await sections
      .photo()
      .getByRole("img", { name: /preview, not saved yet/ })
      .waitFor();
    await sections.photo().getByRole("button", { name: "Save photo" }).click();
    await sections.photo().getByText("The photo was saved.").waitFor();
    const headerPhoto = page.locator("header").getByRole("img", { name: /^Photo of Hana/ });
    // The header photo loads lazily: bring it into view.
    await headerPhoto.scrollIntoViewIfNeeded();
    await expect.poll(() => headerPhoto.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(48);

    const record = (await api<PersonAnswer>(page, `/api/v1/people/${created.personId}`)).body;
    expect(record.person.hasPhoto).toBe(true);
    expect(record.person.aliases).toEqual([expect.objectContaining({ fullName: "Hanny", kind: "street" })]);
    expect(record.contacts).toEqual([
      expect.objectContaining({ fullName: "Rosa Household", kind: "household", relationship: "Mother", phone: "(555) 010-9988" }),
    ]);
    expect(record.cautions).toEqual([]);
    expect(record.retiredCautions[0]).toMatchObject({ retiredReason: "The dog was rehomed", retiredBy: "Olivia Ortiz" });

    // Removing a contact is confirmed first.
    await sections
      .contact("Rosa Household")
      .getByRole("button", { name: /^Remove/ })
      .click();
    await sections.dialog("Remove this contact?").getByRole("button", { name: "Remove contact" }).click();
    await sections.household().getByText("Rosa Household was removed from the contacts.").waitFor();
    expect((await api<PersonAnswer>(page, `/api/v1/people/${created.personId}`)).body.contacts).toEqual([]);

    await page.setViewportSize(desk);
    await expectNoSidewaysScroll(page, "person page with household, names, cautions and photo");
    await expectNoSeriousA11yViolations(page, "person page with household, names, cautions and photo");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "person page with household, names, cautions and photo");
    await expectNoSeriousA11yViolations(page, "person page with household, names, cautions and photo");
  });
});
