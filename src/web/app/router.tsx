import { createBrowserRouter } from "react-router";
import { paths } from "../config/paths";
import { ContactStandardsPage } from "../features/admin/pages/contact-standards-page";
import { NewUserPage } from "../features/admin/pages/new-user-page";
import { SettingsPage } from "../features/admin/pages/settings-page";
import { UnitsPage } from "../features/admin/pages/units-page";
import { UserPage } from "../features/admin/pages/user-page";
import { UsersPage } from "../features/admin/pages/users-page";
import { CalendarPage } from "../features/appointments/pages/calendar-page";
import { AuditPage } from "../features/audit/pages/audit-page";
import { ChangePasswordPage } from "../features/auth/pages/change-password-page";
import { EnrollMfaPage } from "../features/auth/pages/enroll-mfa-page";
import { SignInPage } from "../features/auth/pages/sign-in-page";
import { VerifyMfaPage } from "../features/auth/pages/verify-mfa-page";
import { FieldSafetyPage } from "../features/field-safety/pages/field-safety-page";
import { HomePage } from "../features/home/pages/home-page";
import { NoteSearchPage } from "../features/notes/pages/note-search-page";
import { NotificationsPage } from "../features/notifications/pages/notifications-page";
import { CaseRedirectPage } from "../features/people/pages/case-redirect-page";
import { NewPersonPage } from "../features/people/pages/new-person-page";
import { PersonPage } from "../features/people/pages/person-page";
import { AppLayout } from "../features/shell/components/app-layout";
import { RequireRole } from "../features/shell/components/require-role";
import { NotFoundPage } from "../features/shell/pages/not-found-page";
import { DrawPage } from "../features/testing/pages/draw-page";
import { TodayPage } from "../features/today/pages/today-page";

export const createRouter = () =>
  createBrowserRouter([
    { path: paths.auth.signIn.path, element: <SignInPage /> },
    { path: paths.auth.changePassword.path, element: <ChangePasswordPage /> },
    { path: paths.auth.enrollMfa.path, element: <EnrollMfaPage /> },
    { path: paths.auth.verifyMfa.path, element: <VerifyMfaPage /> },
    {
      path: paths.home.path,
      element: <AppLayout />,
      children: [
        { index: true, element: <HomePage /> },
        { path: paths.notifications.path, element: <NotificationsPage /> },
        {
          element: <RequireRole roles={["admin"]} />,
          children: [
            { path: paths.admin.users.path, element: <UsersPage /> },
            { path: paths.admin.newUser.path, element: <NewUserPage /> },
            { path: paths.admin.user.path, element: <UserPage /> },
            { path: paths.admin.units.path, element: <UnitsPage /> },
            { path: paths.admin.settings.path, element: <SettingsPage /> },
            { path: paths.admin.contactStandards.path, element: <ContactStandardsPage /> },
            { path: "/admin/*", element: <NotFoundPage /> },
          ],
        },
        {
          element: <RequireRole roles={["officer", "supervisor"]} />,
          children: [
            { path: paths.people.new.path, element: <NewPersonPage /> },
            { path: paths.people.person.path, element: <PersonPage /> },
            { path: paths.notes.search.path, element: <NoteSearchPage /> },
            { path: paths.calendar.path, element: <CalendarPage /> },
            { path: paths.fieldSafety.path, element: <FieldSafetyPage /> },
            { path: paths.cases.case.path, element: <CaseRedirectPage /> },
            { path: paths.today.path, element: <TodayPage /> },
          ],
        },
        {
          element: <RequireRole roles={["supervisor", "admin"]} />,
          children: [{ path: paths.testing.draw.path, element: <DrawPage /> }],
        },
        {
          element: <RequireRole roles={["auditor"]} />,
          children: [{ path: paths.audit.search.path, element: <AuditPage /> }],
        },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);

export type AppRouter = ReturnType<typeof createRouter>;
