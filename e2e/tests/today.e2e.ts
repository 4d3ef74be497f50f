import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { TodayItem, TodayList } from "../../src/shared/contract/today";
import { kilometresBetween } from "../../src/shared/geo/route-order";
import { formatVisitReasons } from "../../src/web/lib/format";
import { AppShell } from "../pages/app-shell";
import { TodayPage } from "../pages/today-pages";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

/** A signed-in API call from the page (the session cookie is HttpOnly; the browser sends it). */
async function apiGet<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
    return { status: response.status, body: (await response.json()) as T };
  }, path);
}

type Positioned = TodayItem & { address: { latitude: number; longitude: number } };
const positioned = (item: TodayItem): item is Positioned => item.address?.latitude != null && item.address.longitude != null;
const km = (value: number) => `${value.toFixed(1)} km`;
const lengthOf = (stops: Positioned[]) =>
  stops.slice(1).reduce((total, stop, index) => total + kilometresBetween(stops[index]!.address, stop.address), 0);
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/** No map tiles can be reached, as in CI and on an air-gapped network: the map must work without them. */
async function blockTiles(page: Page): Promise<void> {
  await page.route(/^https?:\/\/([a-z0-9-]+\.)*tile\.openstreetmap\.org\//, (route) => route.abort());
}

describeInBrowser("the officer's Today page", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("shows the day's work by priority, routes the chosen visits on a map without tiles, and prints the field sheet", async () => {
    const page = await browser.newPage(baseUrl);
    await blockTiles(page);
    await signInAsDemoUser(page, baseUrl, "officer.north1");

    // "Today" comes right after "Caseload" in the navigation.
    const shell = new AppShell(page);
    const navLabels = await shell.navigation().getByRole("listitem").allTextContents();
    expect(navLabels.slice(0, 2)).toEqual(["Caseload", "Today"]);
    await shell.navigation().getByRole("link", { name: "Today", exact: true }).click();
    const today = new TodayPage(page);
    await today.worklist().waitFor();
    expect(new URL(page.url()).pathname).toBe("/today");
    expect(await page.title()).toBe("Today | Waypoint");
    expect(await today.heading().textContent()).toBe("Today");

    const answer = await apiGet<TodayList>(page, "/api/v1/today");
    expect(answer.status).toBe(200);
    const { items } = answer.body;
    expect(items.length).toBeGreaterThan(2);

    // The worklist in the server's order, each item with its priority reason, tasks in plain words and cautions.
    expect(await today.items().evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-case-id")))).toEqual(
      items.map((item) => item.caseId),
    );
    for (const item of items.slice(0, 5)) {
      const entry = today.item(item.caseId);
      expect(await entry.getByRole("heading", { level: 3 }).textContent()).toBe(item.personName);
      expect(await entry.getByTestId("priority-reason").textContent()).toBe(`Priority: ${item.priorityReason || "Routine"}`);
      expect(await entry.getByRole("list", { name: "Tasks" }).getByRole("listitem").count()).toBe(item.tasks.length);
    }
    // The contacts due are the officer's contact_due tasks (one task model), each worded on its line without codes.
    const contactsDue = items.flatMap((item) => item.tasks.flatMap((task) => (task.kind === "contact_due" ? [task] : [])));
    expect(contactsDue.length, "demo data has contacts due").toBeGreaterThan(0);
    const mine = await apiGet<{ tasks: { id: string }[] }>(page, "/api/v1/tasks/mine?kind=contact_due");
    const taskIds = new Set(mine.body.tasks.map((task) => task.id));
    for (const task of contactsDue) expect(taskIds.has(task.taskId), task.taskId).toBe(true);
    const contactLines = await page.locator('li[data-task-kind="contact_due"]').allTextContents();
    expect(contactLines.length).toBe(contactsDue.length);
    for (const line of contactLines) {
      expect(line).toMatch(/ (overdue since|due by) [A-Z][a-z]{2} \d{1,2}/);
      expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}|_/);
    }
    const suggested = items.filter((item) => item.tasks.some((task) => task.kind === "suggested_unannounced_visit"));
    expect(suggested.length, "demo data has cases with an open field contact").toBeGreaterThan(0);
    const suggestion = suggested[0]?.tasks.find((task) => task.kind === "suggested_unannounced_visit");
    const suggestionText = await today
      .item(suggested[0]?.caseId ?? "")
      .locator('li[data-task-kind="suggested_unannounced_visit"]')
      .textContent();
    expect(suggestionText).toBe(
      `Suggested: unannounced home visit — ${suggestion?.kind === "suggested_unannounced_visit" ? formatVisitReasons(suggestion.reasons) : ""}`,
    );
    // Dates in words, never ISO dates.
    expect(suggestionText).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // Cautions show wherever the data has them, and nowhere else.
    for (const item of items) {
      const cautions = today.item(item.caseId).getByTestId("cautions");
      if (item.cautions.length === 0) expect(await cautions.count()).toBe(0);
      else {
        const text = await cautions.textContent();
        expect(text).toContain("Safety caution");
        for (const caution of item.cautions) expect(text).toContain(caution.description);
      }
    }

    // A day's route comes pre-chosen: the highest-priority suggested visits, no more than the agency's stop limit; the
    // officer narrows the route to four stops (one with a caution when there is one).
    const mappable = items.filter(positioned);
    expect(mappable.length).toBeGreaterThanOrEqual(4);
    const limit = answer.body.routeStopLimit;
    const topSuggestion = suggested.find(positioned);
    if (topSuggestion) expect(await today.routeCheckbox(topSuggestion.personName).isChecked()).toBe(true);
    let checked = 0;
    for (const item of mappable) if (await today.routeCheckbox(item.personName).isChecked()) checked++;
    expect(checked).toBeLessThanOrEqual(limit);
    const withCaution = mappable.find((item) => item.cautions.length > 0);
    const chosen = [...(withCaution ? [withCaution] : []), ...mappable.filter((item) => item !== withCaution)].slice(0, 4);
    for (const item of mappable) await today.setOnRoute(item.personName, chosen.includes(item));

    // The route's properties, not one order (equally short orders may exist): without the officer's location it begins at
    // the highest-priority chosen stop (the server lists by priority), visits each chosen stop once, is no longer than any
    // other order from there, and its total is the sum of its legs.
    const routeCaseIds = () => today.routeStops().evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-case-id") ?? ""));
    await expect.poll(async () => (await routeCaseIds()).sort()).toEqual(chosen.map((item) => item.caseId).sort());
    const routed = (await routeCaseIds()).map((caseId) => chosen.find((item) => item.caseId === caseId)!);
    const highest = items.find((item) => chosen.includes(item as Positioned));
    expect(routed[0]).toBe(highest);
    expect(routed[0]!.priorityScore).toBe(Math.max(...chosen.map((item) => item.priorityScore)));
    expect(new Set(routed).size).toBe(chosen.length);
    const legsKm = routed.slice(1).map((stop, index) => kilometresBetween(routed[index]!.address, stop.address));
    const totalKm = legsKm.reduce((total, leg) => total + leg, 0);
    expect(totalKm).toBeCloseTo(lengthOf(routed), 9);
    for (const order of permutations(routed.slice(1))) expect(totalKm).toBeLessThanOrEqual(lengthOf([routed[0]!, ...order]) + 1e-9);
    expect(await today.routeNames()).toEqual(routed.map((item) => item.personName));
    expect(await today.routeTotal().textContent()).toContain(`4 stops, ${km(totalKm)}`);
    const legs = await today.routeStops().getByTestId("leg-distance").allTextContents();
    expect(legs[0]).toBe("First stop");
    for (const [index, leg] of legsKm.entries()) {
      expect(legs[index + 1]).toContain(`${km(leg)} (`);
      expect(legs[index + 1]).toMatch(new RegExp(`from stop ${index + 1}$`));
    }
    if (withCaution) {
      const stop = today.routeStops().filter({ hasText: withCaution.personName });
      expect(await stop.getByTestId("cautions").textContent()).toContain(withCaution.cautions[0]?.description);
    }

    // The map: a numbered, labelled marker per stop, the route line and the scale, on a plain background without tiles.
    await today.map().waitFor();
    await expect.poll(() => today.markers().count()).toBe(4);
    expect(await today.markers().allTextContents()).toEqual(
      routed.map((item, index) => `${index + 1}Stop ${index + 1}: ${item.personName}, ${addressOf(item)}`),
    );
    expect(
      await today
        .map()
        .getByRole("button", { name: `Stop 1: ${routed[0]?.personName}`, exact: false })
        .count(),
    ).toBe(1);
    expect(await today.routeLine().count()).toBe(1);
    expect(await today.routeLine().getAttribute("d")).toMatch(/^M[\d.-]+ [\d.-]+(L[\d.-]+ [\d.-]+){3}$/);
    expect(await today.scale().isVisible()).toBe(true);
    expect(await today.scale().textContent()).toMatch(/\d+ (km|m)/);
    expect(await today.loadedTiles().count()).toBe(0);
    for (const marker of await today.markers().all()) expect(await marker.isVisible()).toBe(true);
    expect(await today.map().getAttribute("aria-describedby")).toBe("route-stops");

    // Hovering a marker opens a tooltip that has its name from the moment it exists (it once opened empty for a moment).
    await today.markers().nth(1).hover();
    await page.getByRole("tooltip").waitFor();
    expect(await page.getByRole("tooltip").textContent()).toBe(`2. ${routed[1]?.personName}`);

    // Selecting a marker takes the officer to that stop in the list.
    await today.markers().nth(2).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-case-id"))).toBe(routed[2]?.caseId);

    await expectNoSeriousA11yViolations(page, "Today page with a route map");

    // Printing shows the field sheet only: no navigation, worklist or map; the stops in route order with their cautions.
    await page.emulateMedia({ media: "print" });
    expect(await shell.navigation().isHidden()).toBe(true);
    expect(await shell.header().isHidden()).toBe(true);
    expect(await today.worklist().isHidden()).toBe(true);
    expect(await today.map().isHidden()).toBe(true);
    expect(await today.printButton().isHidden()).toBe(true);
    expect(await today.fieldSheet().isVisible()).toBe(true);
    const sheet = await today.fieldSheet().textContent();
    expect(sheet).toContain("Olivia Ortiz");
    const entries = today.fieldSheetEntries();
    expect(await entries.count()).toBe(items.length);
    const headings = await entries.getByRole("heading", { level: 4 }).allTextContents();
    expect(headings.slice(0, 4)).toEqual(routed.map((item, index) => `${index + 1}. ${item.personName} · Case ${item.caseNumber}`));
    for (const item of routed) {
      const entry = entries.filter({ hasText: `${item.personName} · Case` });
      const text = await entry.textContent();
      if (item.phone) expect(text).toContain(item.phone);
      expect(text).toContain(item.address.line1);
      if (item.cautions.length > 0) expect(text).toContain("SAFETY CAUTION");
    }
    await page.emulateMedia({ media: "screen" });
    expect(await today.fieldSheet().isHidden()).toBe(true);
    expect(await shell.navigation().isVisible()).toBe(true);
  });

  it("starts the route from the officer's location when allowed, and says so when the browser refuses", async () => {
    const page = await browser.newPage(baseUrl);
    await blockTiles(page);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const today = new TodayPage(page);
    await today.goto();
    await today.routeStops().first().waitFor();

    // Not allowed (the default of a new browser context): the route starts at the first stop, with a message.
    await page.getByText("Start from my location").click();
    await page
      .getByRole("status")
      .filter({ hasText: /did not allow Waypoint to use your location/ })
      .waitFor();
    expect(await today.startFromLocation().isChecked()).toBe(false);
    expect(await today.routeStops().first().getByTestId("leg-distance").textContent()).toBe("First stop");

    // Allowed, at the North office in downtown Atlanta: a start marker, and the first leg is from there.
    await page.context().grantPermissions(["geolocation"], { origin: baseUrl });
    await page.context().setGeolocation({ latitude: 33.749, longitude: -84.388 });
    await page.getByText("Start from my location").click();
    await today
      .routeStops()
      .first()
      .getByTestId("leg-distance")
      .filter({ hasText: /from your location$/ })
      .waitFor();
    await today.startMarker().waitFor();
    expect(await today.map().getAttribute("aria-label")).toMatch(/from your location$/);
    expect(await today.routeLine().count()).toBe(1);
  });

  it("plans the next days, and is usable on a phone: list first, map below, nothing wider than the screen", async () => {
    const page = await browser.newPage(baseUrl);
    await blockTiles(page);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    await page
      .getByRole("main")
      .getByRole("link", { name: /^Plan today/ })
      .click();
    const today = new TodayPage(page);
    await today.worklist().or(page.getByTestId("worklist-empty")).first().waitFor();
    const todayText = await today.date().textContent();

    await today
      .dayPicker()
      .getByRole("button", { name: /^Next day/ })
      .click();
    await page.waitForURL(/\/today\?date=\d{4}-\d{2}-\d{2}$/);
    await today.heading().filter({ hasText: "Plan a day" }).waitFor();
    expect(await today.date().textContent()).not.toBe(todayText);
    const date = new URL(page.url()).searchParams.get("date") ?? "";
    const answer = await apiGet<TodayList>(page, `/api/v1/today?date=${date}`);
    expect(answer.status).toBe(200);
    await expect.poll(() => page.getByTestId("worklist-count").or(page.getByTestId("worklist-empty")).count()).toBe(1);
    await today.dayPicker().getByRole("button", { name: "Back to today" }).click();
    await page.waitForURL((url) => url.pathname === "/today" && url.search === "");
    await today
      .heading()
      .filter({ hasText: /^Today$/ })
      .waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await today.map().waitFor();
    const list = await today.routeStops().last().boundingBox();
    const map = await today.map().boundingBox();
    expect(list && map && map.y >= Math.floor(list.y + list.height)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Route checkboxes are tiles: large enough to tap.
    const tile = await page.locator(".usa-checkbox__input--tile + label").first().boundingBox();
    expect(tile?.height).toBeGreaterThanOrEqual(44);
    await expectNoSeriousA11yViolations(page, "Today page on a phone");
  });
});

function addressOf(item: TodayItem): string {
  const address = item.address;
  if (!address) return "";
  return [address.line1, address.line2, `${address.city}, ${address.state} ${address.postalCode}`].filter(Boolean).join(", ");
}
