import { expect, inject, it } from "vitest";
import { setCheckbox } from "../pages/controls";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const square = (lon: number, lat: number, d: number) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

describeInBrowser("electronic monitoring: devices and zones", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an administrator imports shared zones and adds a device; an officer installs it, types a circle zone and draws an area on the map", async () => {
    const unique = Date.now().toString(36).toUpperCase();

    // Shared zones: a file with a problem is refused with a report by feature, nothing imported; the fixed file imports.
    const admin = await browser.newPage(baseUrl);
    await signInAsDemoUser(admin, baseUrl, "admin");
    await admin.goto(`${baseUrl}/admin/shared-zones`);
    const importForm = admin.getByRole("form", { name: "Import shared zones" });
    const school = { type: "Feature", properties: { name: `Lincoln Elementary ${unique}` }, geometry: square(-84.39, 33.75, 0.002) };
    const bad = {
      type: "FeatureCollection",
      features: [school, { type: "Feature", properties: { name: "Bus stop" }, geometry: { type: "Point", coordinates: [-84.3, 33.7] } }],
    };
    await importForm
      .getByLabel("GeoJSON file")
      .setInputFiles({ name: "schools.geojson", mimeType: "application/geo+json", buffer: Buffer.from(JSON.stringify(bad)) });
    await importForm.getByLabel("Applies to cases tagged").selectOption({ label: "Sex offense" });
    await importForm.getByRole("button", { name: "Import zones" }).click();
    const report = admin.getByTestId("import-report");
    await report.waitFor();
    expect(await report.textContent()).toContain("Feature 2 has a Point geometry");
    await expectNoSeriousA11yViolations(admin, "shared zones import with a report");
    await importForm.getByLabel("GeoJSON file").setInputFiles({
      name: "schools.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(JSON.stringify({ ...bad, features: [school] })),
    });
    await importForm.getByRole("button", { name: "Import zones" }).click();
    await admin.getByRole("status").filter({ hasText: "1 shared zone imported." }).waitFor();
    await admin
      .getByTestId("shared-zone-rows")
      .getByRole("row")
      .filter({ hasText: `Lincoln Elementary ${unique}` })
      .waitFor();

    // A device in stock.
    const serial = `GPS-E2E-${unique}`;
    await admin.goto(`${baseUrl}/monitoring/devices`);
    const addDevice = admin.getByRole("form", { name: "Add a device" });
    await addDevice.getByLabel("Serial").fill(serial);
    await addDevice.getByLabel("Type").selectOption({ label: "GPS ankle monitor" });
    await addDevice.getByLabel("Vendor").fill("Acme Tracking");
    await addDevice.getByRole("button", { name: "Add device" }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Device ${serial} added, in stock.` })
      .waitFor();
    await admin.getByTestId("device-rows").getByRole("row").filter({ hasText: serial }).waitFor();
    await expectNoSeriousA11yViolations(admin, "monitoring devices");

    // A person with an electronic-monitoring condition.
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId } = await intakeUnseenSinceLastMonth(page, {
      prefix: "EM",
      firstName: "Ellis",
      lastName: "Marsh",
      supervisionType: "parole",
      authorityName: "State Board of Pardons and Paroles",
      level: "high",
      dateOfBirth: "1988-02-11",
      line1: "40 Peachtree Place",
      city: "Atlanta",
      postalCode: "30303",
    });
    const catalogue = await api<{ id: string; code: string }[]>(page, "/api/v1/condition-types");
    const attached = await api(page, `/api/v1/cases/${caseId}/conditions`, "POST", {
      conditionTypeId: catalogue.body.find((entry) => entry.code === "EM")!.id,
      // Yesterday, so it is in force in the agency's time zone whatever the hour.
      effectiveFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      orderedBy: "State Board of Pardons and Paroles",
      parameters: { technology: "gps" },
    });
    expect(attached.status).toBe(201);

    await page.goto(`${baseUrl}/people/${personId}#monitoring`);
    const section = page.getByRole("region", { name: "Monitoring", exact: true });
    await section.getByTestId("zone-map").waitFor();
    await section.getByRole("button", { name: "Install a device" }).click();
    const install = page.getByRole("dialog", { name: "Install a device" });
    await install.getByLabel("Device in stock").selectOption({ label: `${serial}: GPS ankle monitor, Acme Tracking` });
    await install.getByRole("button", { name: "Install device" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Device ${serial} installed.` })
      .waitFor();
    expect(await section.getByTestId("current-device").textContent()).toContain(serial);

    // A circle typed as centre and radius (the keyboard way).
    const zoneForm = section.getByRole("form", { name: "Add a zone" });
    await zoneForm.getByLabel("Name").fill("Victim's home");
    await zoneForm.getByLabel("Purpose").selectOption({ label: "Victim's residence" });
    await zoneForm.getByLabel("Approach warning distance (metres)").fill("200");
    await zoneForm.getByLabel("Centre latitude").fill("33.7601");
    await zoneForm.getByLabel("Centre longitude").fill("-84.3902");
    await zoneForm.getByLabel("Radius (metres)").fill("150");
    await zoneForm.getByRole("button", { name: "Add zone" }).click();
    await page.getByRole("status").filter({ hasText: "Zone Victim's home added." }).waitFor();
    const rows = section.getByTestId("zone-rows").first();
    const victimRow = rows.getByRole("row").filter({ hasText: "Victim's home" });
    await victimRow.waitFor();
    expect(await victimRow.textContent()).toContain("Circle of 150 m around 33.76010, -84.39020");

    // An area drawn with the mouse on the map: three corners, then the first again to close it.
    await setCheckbox(page, zoneForm.getByRole("radio", { name: "Draw it on the map with the mouse" }), true);
    await zoneForm.getByRole("button", { name: "Draw an area" }).click();
    const map = section.getByTestId("zone-map").locator(".leaflet-container");
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const at = (dx: number, dy: number) => [box.x + box.width / 2 + dx, box.y + box.height / 2 + dy] as const;
    for (const [dx, dy] of [
      [-120, -80],
      [120, -80],
      [0, 100],
      [-120, -80],
    ] as const) {
      await page.mouse.click(...at(dx, dy));
      await page.waitForTimeout(150);
    }
    await zoneForm.getByText("Drawn: Area with 3 corners.").waitFor();
    await zoneForm.getByLabel("Name").fill("Workplace");
    await zoneForm.getByLabel("Kind").selectOption({ label: "Must be inside (inclusion)" });
    await zoneForm.getByLabel("Purpose").selectOption({ label: "Work" });
    await zoneForm.getByLabel("Approach warning distance (metres)").fill("0");
    await setCheckbox(page, zoneForm.getByRole("radio", { name: /On a weekly schedule/ }), true);
    for (const day of ["Monday", "Tuesday", "Wednesday"]) await setCheckbox(page, zoneForm.getByRole("checkbox", { name: day }), true);
    await zoneForm.getByLabel("From (24-hour time)").fill("09:00");
    await zoneForm.getByLabel(/^To \(24-hour time/).fill("17:00");
    await zoneForm.getByRole("button", { name: "Add zone" }).click();
    await page.getByRole("status").filter({ hasText: "Zone Workplace added." }).waitFor();
    const workRow = rows.getByRole("row").filter({ hasText: "Workplace" });
    await workRow.waitFor();
    const workText = await workRow.textContent();
    expect(workText).toContain("Area with 3 corners");
    expect(workText).toContain("Monday, Tuesday, Wednesday 09:00–17:00");
    expect(await map.locator("path.leaflet-interactive, path").count()).toBeGreaterThanOrEqual(2);
    await expectNoSeriousA11yViolations(page, "monitoring section with zones");

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/people/${personId}#monitoring`);
    await section.getByTestId("zone-rows").first().getByRole("row").filter({ hasText: "Workplace" }).waitFor();
    await expectNoSidewaysScroll(page, "monitoring section at 390 px");
    await admin.setViewportSize(phone);
    await admin.goto(`${baseUrl}/admin/shared-zones`);
    await admin.getByTestId("shared-zone-rows").waitFor();
    await expectNoSidewaysScroll(admin, "shared zones at 390 px");
  });
});
