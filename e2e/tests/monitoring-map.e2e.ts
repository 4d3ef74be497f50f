import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { LivePositions } from "../../src/shared/contract/monitoring-map";
import { AppShell } from "../pages/app-shell";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

/** No map tiles can be reached, as in CI and on an air-gapped network: the maps must work without them. */
async function blockTiles(page: Page): Promise<void> {
  await page.route(/^https?:\/\/([a-z0-9-]+\.)*tile\.openstreetmap\.org\//, (route) => route.abort());
}

// The demo install puts GPS devices on officer.north1's first people with the last three hours of fixes
// (bootstrap/demo-monitoring.ts): the real ingest path is exercised by the ingest journeys.
describeInBrowser("the monitoring map, track playback and crime-scene search", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("shows the caseload's positions, plays back a track, and finds a person near a place with a stated reason", async () => {
    const page = await browser.newPage(baseUrl);
    await blockTiles(page);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const shell = new AppShell(page);
    await shell.navigation().getByRole("link", { name: "Monitoring", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Monitoring map" }).waitFor();
    const answer = await api<LivePositions>(page, "/api/v1/monitoring/positions");
    expect(answer.status).toBe(200);
    const person = answer.body.positions.find((item) => item.position !== null);
    expect(person, "demo data has a monitored person with a position").toBeDefined();

    // The table says what the map shows: the person, the age of the fix in words, the battery.
    const row = page.getByTestId("live-position").filter({ hasText: person!.personName });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/(minute|minutes) ago|less than a minute ago/);
    expect(await row.textContent()).toMatch(/\d+%/);
    // A marker per positioned person, named for assistive technology, on a map without tiles.
    await page.getByTestId("live-map").waitFor();
    expect(await page.locator(".waypoint-map-marker").count()).toBeGreaterThanOrEqual(1);
    await page
      .getByText("No background map", { exact: false })
      .or(page.getByText("could not be loaded", { exact: false }))
      .first()
      .waitFor();
    await expectNoSeriousA11yViolations(page, "monitoring map");

    // Track playback: the last two hours by default; the slider moves the marker through time, as does Play.
    await row.getByRole("link", { name: `Play back ${person!.personName}'s track` }).click();
    await page.getByRole("heading", { level: 1, name: "Monitoring track" }).waitFor();
    await page.getByRole("button", { name: "Show track" }).click();
    await page.getByTestId("track-map").waitFor();
    const slider = page.getByRole("slider");
    expect(Number(await slider.getAttribute("max"))).toBeGreaterThan(60);
    const readout = page.getByTestId("playback-readout");
    const first = await readout.textContent();
    await slider.focus();
    await page.keyboard.press("End");
    const last = await readout.textContent();
    expect(last).not.toBe(first);
    await page.keyboard.press("Home");
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Pause" }).click();
    expect(Number(await slider.inputValue())).toBeGreaterThan(0);
    expect(await page.getByTestId("track-point").count()).toBe(25);
    await page.getByRole("button", { name: "Later positions" }).click();
    await page.getByText(/^Page 2 of \d+$/).waitFor();
    await expectNoSeriousA11yViolations(page, "track playback");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "track playback at 390 px");
    await page.setViewportSize(desk);

    // Crime-scene search: a supervisor, under the Unit menu; without a reason the form says so.
    const supervisor = await browser.newPage(baseUrl);
    await blockTiles(supervisor);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    await new AppShell(supervisor).openFromMenu("Unit", "Crime-scene search");
    await supervisor.getByRole("heading", { level: 1, name: "Crime-scene search" }).waitFor();
    await supervisor.getByLabel("Latitude", { exact: true }).fill(String(person!.position!.latitude));
    await supervisor.getByLabel("Longitude", { exact: true }).fill(String(person!.position!.longitude));
    await supervisor.getByLabel("Radius (metres)").fill("150");
    await supervisor.getByRole("button", { name: "Search" }).click();
    const summary = supervisor.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("State the reason for this search");
    await supervisor.getByLabel("Reason for this search").fill("Burglary reported nearby, incident 2026-0412");
    await supervisor.getByRole("button", { name: "Search" }).click();
    const results = supervisor.getByTestId("crime-scene-results");
    await results.waitFor();
    const match = results.getByTestId("crime-scene-match").filter({ hasText: person!.personName });
    await match.waitFor();
    expect(await match.textContent()).toMatch(/\d+ m/);
    await results.getByText(`${person!.personName}:`, { exact: false }).click();
    await expectNoSeriousA11yViolations(supervisor, "crime-scene results");
    await supervisor.setViewportSize(phone);
    await expectNoSidewaysScroll(supervisor, "crime-scene search at 390 px");
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/monitoring/map`);
    await page.getByTestId("live-position").first().waitFor();
    await expectNoSidewaysScroll(page, "monitoring map at 390 px");
  });
});
