import type { Locator, Page } from "playwright-core";
import { setCheckbox } from "./controls";

/** The officer's Today page: worklist, route (numbered list and map) and the field sheet that only prints. */
export class TodayPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: /^(Today|Plan a day)$/ });
  readonly date = () => this.page.getByTestId("today-date");
  readonly dayPicker = () => this.page.getByRole("navigation", { name: "Day to plan" });
  readonly worklist = () => this.page.getByRole("list", { name: "Worklist", exact: true });
  readonly items = () => this.worklist().locator(":scope > li");
  readonly printButton = () => this.page.getByRole("button", { name: "Print field sheet" });

  readonly route = () => this.page.getByRole("region", { name: "Route", exact: true });
  readonly startFromLocation = () => this.page.getByRole("checkbox", { name: "Start from my location" });
  readonly routeStops = () => this.page.getByRole("list", { name: "Stops in route order" }).locator(":scope > li");
  readonly routeTotal = () => this.page.getByTestId("route-total");

  readonly map = () => this.page.getByRole("region", { name: /^Map of the route/ });
  /** The numbered stop markers (not the start marker), in the map's marker pane. */
  readonly markers = () => this.map().locator(".leaflet-marker-pane .waypoint-map-marker:not(.waypoint-map-marker--start)");
  readonly startMarker = () => this.map().locator(".leaflet-marker-pane .waypoint-map-marker--start");
  readonly routeLine = () => this.map().locator(".leaflet-overlay-pane path.waypoint-route-line");
  readonly scale = () => this.map().locator(".leaflet-control-scale");
  readonly loadedTiles = () => this.map().locator("img.leaflet-tile-loaded");

  readonly fieldSheet = () => this.page.getByTestId("field-sheet");
  readonly fieldSheetEntries = () => this.fieldSheet().getByTestId("field-sheet-entry");

  async goto(date?: string): Promise<void> {
    await this.page.goto(date ? `/today?date=${date}` : "/today");
    await this.worklist().waitFor();
  }

  item(caseId: string): Locator {
    return this.worklist().locator(`li[data-case-id="${caseId}"]`);
  }

  routeCheckbox(personName: string): Locator {
    return this.page.getByRole("checkbox", { name: `Add ${personName} to the route`, exact: true });
  }

  /** Sets the route checkbox of every person named; the others keep their state. */
  async setOnRoute(personName: string, chosen: boolean): Promise<void> {
    await setCheckbox(this.page, this.routeCheckbox(personName), chosen);
  }

  /** The person names of the route list, in route order. */
  async routeNames(): Promise<string[]> {
    return this.routeStops().getByRole("link").allTextContents();
  }
}
