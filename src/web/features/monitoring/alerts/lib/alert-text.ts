import {
  type AlertDisposition,
  type AlertKind,
  alertDispositionLabels,
  alertKindLabels,
  alertSeverityLabels,
  alertStatusLabels,
  type MonitoringAlert,
} from "../../../../../shared/contract/monitoring-alerts";
import { formatDateTime } from "../../../../lib/format";

export { alertKindLabels, alertSeverityLabels };

/** "just now", "5 min ago", "3 h ago", "2 days ago": how long since an instant, for people. */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}

export const kindWords = (kind: AlertKind) => alertKindLabels[kind];
export const dispositionWords = (disposition: AlertDisposition) => alertDispositionLabels[disposition];

/** Where the alert stands, in words: who acknowledged or resolved it, or that it ended by itself. */
export function alertStatusText(alert: MonitoringAlert): string {
  if (alert.status === "resolved") {
    const how = alert.disposition ? dispositionWords(alert.disposition) : "Resolved";
    if (alert.disposition === "suspended") return `${how} (${alert.suspensionReason ?? "suspended"})`;
    return alert.resolvedBy
      ? `${how}, by ${alert.resolvedBy} ${formatDateTime(alert.resolvedAt)}`
      : `${how} ${formatDateTime(alert.resolvedAt)}`;
  }
  const parts: string[] = [alertStatusLabels[alert.status]];
  if (alert.status === "acknowledged" && alert.acknowledgedBy) parts[0] = `Acknowledged by ${alert.acknowledgedBy}`;
  if (alert.clearedAt) parts.push(`ended by itself at ${formatDateTime(alert.clearedAt)}`);
  if (alert.escalatedAt) parts.push("escalated to the supervisor");
  return parts.join(" · ");
}

/** "3 times" for a grouped alert. */
export const occurrencesText = (alert: Pick<MonitoringAlert, "occurrences">) =>
  alert.occurrences > 1 ? `${alert.occurrences} times` : "Once";

export const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export const severityTagClass = { high: "bg-secondary-dark", medium: "bg-accent-warm-dark", low: "bg-base-dark" } as const;
