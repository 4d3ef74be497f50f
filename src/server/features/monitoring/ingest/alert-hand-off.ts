import type { AlertEvent } from "../engine";

/**
 * The alert kinds monitoring_alert takes (migration 038). The engine also reports clearing events (exclusion_zone_exit,
 * signal_restored …) and withdrawals (alert_withdrawn); main's minimal recordAlertEvents can only insert, and those kinds
 * would break its check constraint and with it the whole batch. Until recordAlertEvents takes them (wt-alerts: auto-clear,
 * withdrawal by key), they stop here. MERGE NOTE: when recordAlertEvents handles every engine kind, make this pass all.
 */
const raisableKinds: ReadonlySet<string> = new Set([
  "exclusion_zone_entry",
  "exclusion_zone_approach",
  "inclusion_zone_absence",
  "strap_tamper",
  "low_battery",
  "not_charging",
  "no_signal",
  "alcohol_detected",
  "victim_proximity",
  "battery_failure_forecast",
]);

export const recordable = (event: AlertEvent): boolean => raisableKinds.has(event.kind);
