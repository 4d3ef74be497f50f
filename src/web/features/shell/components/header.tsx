import { useEffect, useId, useRef, useState } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router";
import type { SessionResponse } from "../../../../shared/contract/auth";
import { Button } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useAfterPageRequests } from "../../../lib/after-page-requests";
import { hasRole } from "../../../lib/session";
import { useSignOut } from "../../auth/api/sign-out";
import type { SignInNotice } from "../../auth/next-step";
import { FieldVisitBanner } from "../../field-safety/components/field-visit-banner";
import { unreadCounts, useLiveNotifications, useNotifications } from "../../notifications/api/notifications";
import { isNavGroup, type NavGroup, navItemsFor } from "./nav-items";

export function Header({ session }: { session: SessionResponse }) {
  const [menuOpen, setMenuOpen] = useState(false);
  // Once signing out starts, the notifications query unmounts: clearing the cache must not refetch it (a 401 would
  // replace the "You have signed out" notice with the session-ended one).
  const [signingOut, setSigningOut] = useState(false);
  const navigate = useNavigate();
  const signOut = useSignOut();
  const { user } = session;
  const caseworker = hasRole(session, ["officer", "supervisor"]);
  // The counts below update live from the server's stream; it closes once signing out starts.
  // The stream opens after the page's own first requests, as the header's list does (see after-page-requests).
  useLiveNotifications(useAfterPageRequests() && caseworker && !signingOut);

  const doSignOut = (scope: "this-device" | "everywhere") => {
    setSigningOut(true);
    signOut.mutate(scope, {
      onSettled: () => {
        const state: SignInNotice = {
          tone: "info",
          notice: scope === "everywhere" ? "You have signed out on every device." : "You have signed out.",
        };
        // Nothing to wait for: the sign-in page renders the notice once the route changes.
        void navigate(paths.auth.signIn.getHref(), { replace: true, state });
      },
    });
  };

  return (
    <>
      <div className={`usa-overlay${menuOpen ? " is-visible" : ""}`} />
      <header className="usa-header usa-header--basic waypoint-header">
        <div className="usa-nav-container">
          <div className="usa-navbar">
            <div className="usa-logo">
              <em className="usa-logo__text">
                <Link to={paths.home.getHref()} title="Waypoint home">
                  Waypoint
                </Link>
              </em>
            </div>
            <button
              type="button"
              className="usa-menu-btn"
              aria-expanded={menuOpen}
              aria-controls="primary-nav"
              onClick={() => setMenuOpen(true)}
            >
              Menu
              {hasRole(session, ["officer", "supervisor"]) && !signingOut ? <UrgentCount /> : null}
            </button>
          </div>
          <nav aria-label="Primary navigation" id="primary-nav" className={`usa-nav${menuOpen ? " is-visible" : ""}`}>
            <button type="button" className="usa-nav__close" onClick={() => setMenuOpen(false)} aria-label="Close menu">
              <span aria-hidden="true">×</span>
            </button>
            {/* The account first: at a desk it is the header's top row, the links below it (styles: waypoint-header). */}
            <section className="waypoint-account" aria-label="Your account">
              <p className="margin-y-1 waypoint-account__who">
                <span className="text-bold" data-testid="account-name">
                  {user.displayName}
                </span>
                <span className="font-sans-3xs waypoint-account__unit">{user.unitName ?? user.agencyName}</span>
              </p>
              {hasRole(session, ["officer", "supervisor"]) && !signingOut ? (
                <p className="margin-y-1" aria-live="polite">
                  <NotificationsLink />
                </p>
              ) : null}
              <div className="display-flex flex-wrap flex-align-center waypoint-account__sign-out">
                <Button variant="outline" className="margin-right-1" pending={signOut.isPending} onClick={() => doSignOut("this-device")}>
                  Sign out
                </Button>
                <Button variant="unstyled" pending={signOut.isPending} onClick={() => doSignOut("everywhere")}>
                  Sign out everywhere
                </Button>
              </div>
            </section>
            <ul className="usa-nav__primary usa-accordion">
              {navItemsFor(session).map((item) =>
                isNavGroup(item) ? (
                  <NavGroupItem key={item.label} group={item} onNavigate={() => setMenuOpen(false)} />
                ) : (
                  <li className="usa-nav__primary-item" key={item.href}>
                    <NavLink
                      to={item.href}
                      end={item.end ?? false}
                      className={({ isActive }) => `usa-nav-link${isActive ? " usa-current" : ""}`}
                      onClick={() => setMenuOpen(false)}
                    >
                      <span>{item.label}</span>
                    </NavLink>
                  </li>
                ),
              )}
            </ul>
          </nav>
        </div>
      </header>
      {/* Below the header on every page while checked in; gone once signing out starts (its polling would answer 401). */}
      {hasRole(session, ["officer", "supervisor"]) && !signingOut ? <FieldVisitBanner userId={user.id} /> : null}
    </>
  );
}

/** The header's notifications, asked for once the page's own first requests have answered; kept live by the stream. */
const useHeaderNotifications = () => useNotifications(useAfterPageRequests());

/** Link to the notifications page with the number of unread ones, and of urgent ones among them. */
function NotificationsLink() {
  const { unread, urgent } = unreadCounts(useHeaderNotifications().data);
  return (
    <Link className="usa-link" to={paths.notifications.getHref()} data-testid="notifications-link">
      Notifications
      {urgent > 0 ? (
        <span className="usa-tag bg-secondary-dark waypoint-notification-count" data-testid="urgent-count">
          {unread} unread, {urgent} urgent
        </span>
      ) : unread > 0 ? (
        <span className="usa-tag waypoint-notification-count">{unread} unread</span>
      ) : null}
    </Link>
  );
}

/** On small screens the account area is behind the Menu button: it carries the urgent count. */
function UrgentCount() {
  const { urgent } = unreadCounts(useHeaderNotifications().data);
  return urgent > 0 ? <span className="usa-tag bg-secondary-dark waypoint-notification-count">{urgent} urgent</span> : null;
}

/**
 * A USWDS header submenu: a button that opens its links below it (as a list inside the mobile menu). Closes on a
 * choice, on Escape (focus back on the button) and on a click outside; marked current while one of its pages is open.
 */
function NavGroupItem({ group, onNavigate }: { group: NavGroup; onNavigate: () => void }) {
  const [open, setOpen] = useState(false);
  const submenuId = useId();
  const itemRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  const current = group.items.some((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!itemRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("mousedown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("mousedown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [open]);

  return (
    <li className="usa-nav__primary-item" ref={itemRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`usa-accordion__button usa-nav__link${current ? " usa-current" : ""}`}
        aria-expanded={open}
        aria-controls={submenuId}
        onClick={() => setOpen((was) => !was)}
      >
        <span>{group.label}</span>
      </button>
      <ul id={submenuId} className="usa-nav__submenu" hidden={!open}>
        {group.items.map((item) => (
          <li className="usa-nav__submenu-item" key={item.href}>
            <NavLink
              to={item.href}
              end={item.end ?? false}
              className={({ isActive }) => (isActive ? "usa-current" : "")}
              onClick={() => {
                setOpen(false);
                onNavigate();
              }}
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </li>
  );
}
