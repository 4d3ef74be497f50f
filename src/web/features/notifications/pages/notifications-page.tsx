import { ErrorAlert, Loading } from "../../../components/ui";
import { usePageTitle } from "../../../lib/page-title";
import { formatDateTime } from "../../testing/components/test-outcome";
import { useNotifications } from "../api/notifications";

/** The signed-in user's notifications, unread and urgent first. */
export function NotificationsPage() {
  usePageTitle("Notifications");
  const notifications = useNotifications();
  return (
    <>
      <h1>Notifications</h1>
      {notifications.isPending ? (
        <Loading label="Loading your notifications…" />
      ) : notifications.isError ? (
        <ErrorAlert error={notifications.error} />
      ) : notifications.data.length === 0 ? (
        <p>You have no notifications.</p>
      ) : (
        <ul className="usa-list usa-list--unstyled" aria-label="Your notifications">
          {notifications.data.map((item) => (
            <li key={item.id} className="border-bottom-1px border-base-lighter padding-y-1" data-notification-id={item.id}>
              <p className="margin-y-0 text-bold">
                {item.readAt ? null : <span className="usa-tag margin-right-1">Unread</span>}
                {item.urgent ? <span className="usa-tag bg-secondary-dark margin-right-1">Urgent</span> : null}
                <span>{item.title}</span>
              </p>
              {item.body ? <p className="margin-y-05">{item.body}</p> : null}
              <p className="margin-y-0 font-sans-3xs text-base-dark">{formatDateTime(item.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
