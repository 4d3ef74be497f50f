import { useState } from "react";
import { Link } from "react-router";
import { Button, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { type Notification, unreadCounts, useMarkAllRead, useMarkRead, useNotifications } from "../api/notifications";

/** Where a notification's record is shown, if the web app has a page for it. */
function recordLink(item: Notification): { href: string; label: string } | null {
  if (!item.recordId) return null;
  if (item.recordType === "field_visit") return { href: paths.fieldSafety.getHref(), label: "Open field safety" };
  if (item.recordType === "case") {
    const section = item.kind === "drug_test" ? "#testing" : item.kind === "request_decided" ? "#assessments" : "";
    return { href: `${paths.cases.case.getHref(item.recordId)}${section}`, label: "Open the person's record" };
  }
  if (item.recordType === "task") return { href: paths.tasks.getHref(), label: "Open my tasks" };
  return null;
}

/** The signed-in user's notifications, unread and urgent first; each can be marked read, or all at once. */
export function NotificationsPage() {
  usePageTitle("Notifications");
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const [announcement, setAnnouncement] = useState("");
  const { unread } = unreadCounts(notifications.data);

  return (
    <>
      <h1>Notifications</h1>
      <p>
        New notifications appear here as they happen.{" "}
        <Link className="usa-link" to={paths.notificationPreferences.getHref()}>
          Choose which ones also reach you by e-mail or text message
        </Link>
        .
      </p>
      <ErrorAlert error={markRead.error ?? markAll.error} />
      {notifications.isPending ? (
        <Loading label="Loading your notifications…" />
      ) : notifications.isError ? (
        <ErrorAlert error={notifications.error} />
      ) : notifications.data.length === 0 ? (
        <p>You have no notifications.</p>
      ) : (
        <>
          <div className="display-flex flex-wrap flex-align-center margin-bottom-2">
            <p className="margin-y-1 margin-right-2" data-testid="unread-count">
              {unread === 0 ? "All read." : `${unread} unread.`}
            </p>
            {unread > 0 ? (
              <Button
                variant="outline"
                pending={markAll.isPending}
                onClick={() =>
                  markAll.mutate(undefined, {
                    onSuccess: ({ marked }) => setAnnouncement(`${marked} notification${marked === 1 ? "" : "s"} marked read.`),
                  })
                }
              >
                Mark all read
              </Button>
            ) : null}
          </div>
          <ul className="usa-list usa-list--unstyled" aria-label="Your notifications">
            {notifications.data.map((item) => {
              const link = recordLink(item);
              const titleId = `notification-${item.id}-title`;
              const classes = [
                "waypoint-notification",
                item.readAt ? "" : "waypoint-notification--unread",
                item.urgent ? "waypoint-notification--urgent" : "",
              ];
              return (
                <li
                  key={item.id}
                  className={classes.filter(Boolean).join(" ")}
                  data-notification-id={item.id}
                  data-read={item.readAt ? "true" : "false"}
                >
                  <p className={`margin-y-0 ${item.readAt ? "" : "text-bold"}`} id={titleId}>
                    {item.readAt ? null : <span className="usa-tag margin-right-1">Unread</span>}
                    {item.urgent ? <span className="usa-tag bg-secondary-dark margin-right-1">Urgent</span> : null}
                    <span>{item.title}</span>
                  </p>
                  {item.body ? <p className="margin-y-05">{item.body}</p> : null}
                  <p className="margin-y-0 font-sans-3xs text-base-dark">{formatDateTime(item.createdAt)}</p>
                  <div className="display-flex flex-wrap flex-align-center">
                    {link ? (
                      <Link className="usa-link margin-right-2 margin-y-1" to={link.href} aria-describedby={titleId}>
                        {link.label}
                      </Link>
                    ) : null}
                    {item.readAt ? null : (
                      <Button
                        variant="unstyled"
                        className="margin-y-1 width-auto"
                        aria-describedby={titleId}
                        pending={markRead.isPending && markRead.variables === item.id}
                        onClick={() => markRead.mutate(item.id, { onSuccess: () => setAnnouncement("Marked read.") })}
                      >
                        Mark as read
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div role="status" className="usa-sr-only">
        {announcement}
      </div>
    </>
  );
}
