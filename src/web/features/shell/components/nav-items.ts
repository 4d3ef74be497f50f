import type { SessionResponse } from "../../../../shared/contract/auth";
import { paths } from "../../../config/paths";
import { hasRole } from "../../../lib/session";

// The header's navigation, by role. `end`: the link is current on its own path only, not below it (the caseload at
// "/", My tasks at "/tasks" while Unit tasks at "/tasks/unit" is open), so one link at a time is marked current.
export type NavLinkItem = { label: string; href: string; end?: boolean };
/** A heading that opens a list of links: keeps the header on one row at a desk however many pages a role has. */
export type NavGroup = { label: string; items: NavLinkItem[] };
export type NavItem = NavLinkItem | NavGroup;

export const isNavGroup = (item: NavItem): item is NavGroup => "items" in item;

export function navItemsFor(session: SessionResponse): NavItem[] {
  const caseworker = hasRole(session, ["officer", "supervisor"]);
  const items: NavItem[] = [{ label: caseworker ? "Caseload" : "Home", href: paths.home.getHref(), end: true }];
  if (caseworker) {
    items.push(
      { label: "Today", href: paths.today.getHref() },
      { label: "Alerts", href: paths.alerts.getHref(), end: true },
      { label: "My tasks", href: paths.tasks.getHref(), end: true },
      { label: "Calendar", href: paths.calendar.getHref() },
      { label: "Field safety", href: paths.fieldSafety.getHref() },
      { label: "New person", href: paths.people.new.getHref() },
      { label: "Search notes", href: paths.notes.search.getHref() },
      { label: "Monitoring", href: paths.monitoring.map.getHref() },
    );
  }
  const testingDraw: NavLinkItem = { label: "Testing draw", href: paths.testing.draw.getHref() };
  if (hasRole(session, ["supervisor"])) {
    items.push({
      label: "Unit",
      items: [
        { label: "Approvals", href: paths.approvals.getHref() },
        { label: "Unit tasks", href: paths.unitTasks.getHref() },
        { label: "Alert load", href: paths.alertReport.getHref() },
        { label: "Crime-scene search", href: paths.monitoring.crimeScene.getHref() },
        { label: "Monitoring devices", href: paths.monitoringDevices.getHref() },
        testingDraw,
      ],
    });
  } else if (hasRole(session, ["admin"])) items.push(testingDraw);
  if (hasRole(session, ["admin"])) {
    // A supervisor who also administers finds the devices under Unit already.
    const administration = administrationItems().filter(
      (item) => !(hasRole(session, ["supervisor"]) && item.href === paths.monitoringDevices.getHref()),
    );
    items.push({ label: "Administration", items: administration });
  }
  if (hasRole(session, ["auditor"])) items.push({ label: "Audit log", href: paths.audit.search.getHref() });
  return items;
}

function administrationItems(): NavLinkItem[] {
  return [
    { label: "Users", href: paths.admin.users.getHref() },
    { label: "Units", href: paths.admin.units.getHref() },
    { label: "Agency settings", href: paths.admin.settings.getHref() },
    { label: "Contact standards", href: paths.admin.contactStandards.getHref() },
    { label: "Response matrix", href: paths.admin.responseMatrix.getHref() },
    { label: "Assessment instruments", href: paths.admin.instruments.getHref() },
    { label: "Crisis contacts", href: paths.admin.crisisContacts.getHref() },
    { label: "Undelivered messages", href: paths.admin.deadLetters.getHref() },
    { label: "Background jobs", href: paths.admin.jobs.getHref() },
    { label: "Monitoring devices", href: paths.monitoringDevices.getHref() },
    { label: "Shared zones", href: paths.admin.sharedZones.getHref() },
    { label: "Vendor gateways", href: paths.admin.gateways.getHref() },
  ];
}
