import { type ComponentType, lazy, Suspense } from "react";
import { createBrowserRouter } from "react-router";
import { Loading } from "../components/ui";
import { paths } from "../config/paths";
import { SignInPage } from "../features/auth/pages/sign-in-page";
import { HomePage } from "../features/home/pages/home-page";
import { AppLayout } from "../features/shell/components/app-layout";
import { RequireRole } from "../features/shell/components/require-role";
import { NotFoundPage } from "../features/shell/pages/not-found-page";

/**
 * A page loaded when first visited, so the first page loads only its own code (the sign-in page and the caseload,
 * where every visit starts, are in the main bundle). Navigations keep the current page on screen until the next
 * one has loaded (the router renders in a transition); a first visit by URL shows "Loading…" meanwhile.
 */
function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

function Lazy({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

const ContactStandardsPage = lazyPage(() => import("../features/admin/pages/contact-standards-page"), "ContactStandardsPage");
const InstrumentsPage = lazyPage(() => import("../features/assessments/pages/instruments-page"), "InstrumentsPage");
const RevocationPage = lazyPage(() => import("../features/revocation/pages/revocation-page"), "RevocationPage");
const RevocationDocumentPage = lazyPage(() => import("../features/revocation/pages/revocation-document-page"), "RevocationDocumentPage");
const NoRevocationLetterPage = lazyPage(() => import("../features/revocation/pages/revocation-document-page"), "NoRevocationLetterPage");
const WarningLetterPage = lazyPage(() => import("../features/violations/pages/warning-letter-page"), "WarningLetterPage");
const DevicesPage = lazyPage(() => import("../features/monitoring/devices/devices-page"), "DevicesPage");
const GatewaysPage = lazyPage(() => import("../features/monitoring/devices/gateways-page"), "GatewaysPage");
const SharedZonesPage = lazyPage(() => import("../features/monitoring/zones/shared-zones-page"), "SharedZonesPage");
const CrisisContactsPage = lazyPage(() => import("../features/crisis/pages/crisis-contacts-page"), "CrisisContactsPage");
const ResponseMatrixPage = lazyPage(() => import("../features/violations/pages/response-matrix-page"), "ResponseMatrixPage");
const NewUserPage = lazyPage(() => import("../features/admin/pages/new-user-page"), "NewUserPage");
const SettingsPage = lazyPage(() => import("../features/admin/pages/settings-page"), "SettingsPage");
const UnitsPage = lazyPage(() => import("../features/admin/pages/units-page"), "UnitsPage");
const UserPage = lazyPage(() => import("../features/admin/pages/user-page"), "UserPage");
const UsersPage = lazyPage(() => import("../features/admin/pages/users-page"), "UsersPage");
const CalendarPage = lazyPage(() => import("../features/appointments/pages/calendar-page"), "CalendarPage");
const AuditPage = lazyPage(() => import("../features/audit/pages/audit-page"), "AuditPage");
const ChangePasswordPage = lazyPage(() => import("../features/auth/pages/change-password-page"), "ChangePasswordPage");
const EnrollMfaPage = lazyPage(() => import("../features/auth/pages/enroll-mfa-page"), "EnrollMfaPage");
const VerifyMfaPage = lazyPage(() => import("../features/auth/pages/verify-mfa-page"), "VerifyMfaPage");
const FieldSafetyPage = lazyPage(() => import("../features/field-safety/pages/field-safety-page"), "FieldSafetyPage");
const NoteSearchPage = lazyPage(() => import("../features/notes/pages/note-search-page"), "NoteSearchPage");
const NotificationPreferencesPage = lazyPage(
  () => import("../features/notifications/pages/preferences-page"),
  "NotificationPreferencesPage",
);
const DeadLettersPage = lazyPage(() => import("../features/notifications/pages/dead-letters-page"), "DeadLettersPage");
const BackgroundJobsPage = lazyPage(() => import("../features/jobs/pages/background-jobs-page"), "BackgroundJobsPage");
const NotificationsPage = lazyPage(() => import("../features/notifications/pages/notifications-page"), "NotificationsPage");
const CaseRedirectPage = lazyPage(() => import("../features/people/pages/case-redirect-page"), "CaseRedirectPage");
const NewPersonPage = lazyPage(() => import("../features/people/pages/new-person-page"), "NewPersonPage");
const PersonPage = lazyPage(() => import("../features/people/pages/person-page"), "PersonPage");
const DrawPage = lazyPage(() => import("../features/testing/pages/draw-page"), "DrawPage");
const FairnessPage = lazyPage(() => import("../features/fairness/pages/fairness-page"), "FairnessPage");
const LevelReviewPage = lazyPage(() => import("../features/level-review/pages/level-review-page"), "LevelReviewPage");
const TasksPage = lazyPage(() => import("../features/tasks/pages/tasks-page"), "TasksPage");
const ApprovalsPage = lazyPage(() => import("../features/approvals/pages/approvals-page"), "ApprovalsPage");
const LiveMapPage = lazyPage(() => import("../features/monitoring/map/pages/live-map-page"), "LiveMapPage");
const TrackPage = lazyPage(() => import("../features/monitoring/map/pages/track-page"), "TrackPage");
const CrimeScenePage = lazyPage(() => import("../features/monitoring/map/pages/crime-scene-page"), "CrimeScenePage");
const UnitIncentivesPage = lazyPage(() => import("../features/incentives/pages/unit-incentives-page"), "UnitIncentivesPage");
const UnitTasksPage = lazyPage(() => import("../features/tasks/pages/unit-tasks-page"), "UnitTasksPage");
const AlertsPage = lazyPage(() => import("../features/monitoring/alerts/pages/alerts-page"), "AlertsPage");
const AlertReportPage = lazyPage(() => import("../features/monitoring/alerts/pages/alert-report-page"), "AlertReportPage");
const TodayPage = lazyPage(() => import("../features/today/pages/today-page"), "TodayPage");

// After a deploy, a tab of the previous build asks for chunks that are gone: load the new build instead.
window.addEventListener("vite:preloadError", () => window.location.reload());

export const createRouter = () =>
  createBrowserRouter([
    { path: paths.auth.signIn.path, element: <SignInPage /> },
    { path: paths.auth.changePassword.path, element: <Lazy page={ChangePasswordPage} /> },
    { path: paths.auth.enrollMfa.path, element: <Lazy page={EnrollMfaPage} /> },
    { path: paths.auth.verifyMfa.path, element: <Lazy page={VerifyMfaPage} /> },
    {
      path: paths.home.path,
      element: <AppLayout />,
      children: [
        { index: true, element: <HomePage /> },
        { path: paths.notifications.path, element: <Lazy page={NotificationsPage} /> },
        { path: paths.notificationPreferences.path, element: <Lazy page={NotificationPreferencesPage} /> },
        {
          element: <RequireRole roles={["admin"]} />,
          children: [
            { path: paths.admin.users.path, element: <Lazy page={UsersPage} /> },
            { path: paths.admin.newUser.path, element: <Lazy page={NewUserPage} /> },
            { path: paths.admin.user.path, element: <Lazy page={UserPage} /> },
            { path: paths.admin.units.path, element: <Lazy page={UnitsPage} /> },
            { path: paths.admin.settings.path, element: <Lazy page={SettingsPage} /> },
            { path: paths.admin.contactStandards.path, element: <Lazy page={ContactStandardsPage} /> },
            { path: paths.admin.responseMatrix.path, element: <Lazy page={ResponseMatrixPage} /> },
            { path: paths.admin.instruments.path, element: <Lazy page={InstrumentsPage} /> },
            { path: paths.admin.crisisContacts.path, element: <Lazy page={CrisisContactsPage} /> },
            { path: paths.admin.deadLetters.path, element: <Lazy page={DeadLettersPage} /> },
            { path: paths.admin.jobs.path, element: <Lazy page={BackgroundJobsPage} /> },
            { path: paths.admin.sharedZones.path, element: <Lazy page={SharedZonesPage} /> },
            { path: paths.admin.gateways.path, element: <Lazy page={GatewaysPage} /> },
            { path: "/admin/*", element: <NotFoundPage /> },
          ],
        },
        {
          element: <RequireRole roles={["officer", "supervisor"]} />,
          children: [
            { path: paths.people.new.path, element: <Lazy page={NewPersonPage} /> },
            { path: paths.people.person.path, element: <Lazy page={PersonPage} /> },
            { path: paths.notes.search.path, element: <Lazy page={NoteSearchPage} /> },
            { path: paths.calendar.path, element: <Lazy page={CalendarPage} /> },
            { path: paths.fieldSafety.path, element: <Lazy page={FieldSafetyPage} /> },
            { path: paths.cases.case.path, element: <Lazy page={CaseRedirectPage} /> },
            { path: paths.today.path, element: <Lazy page={TodayPage} /> },
            { path: paths.tasks.path, element: <Lazy page={TasksPage} /> },
            { path: paths.levelReviews.path, element: <Lazy page={LevelReviewPage} /> },
            { path: paths.warningLetter.path, element: <Lazy page={WarningLetterPage} /> },
            { path: paths.revocation.path, element: <Lazy page={RevocationPage} /> },
            { path: paths.revocationDocument.path, element: <Lazy page={RevocationDocumentPage} /> },
            { path: paths.revocationLetter.path, element: <Lazy page={NoRevocationLetterPage} /> },
            { path: paths.monitoring.map.path, element: <Lazy page={LiveMapPage} /> },
            { path: paths.monitoring.track.path, element: <Lazy page={TrackPage} /> },
            { path: paths.alerts.path, element: <Lazy page={AlertsPage} /> },
          ],
        },
        {
          element: <RequireRole roles={["supervisor", "admin"]} />,
          children: [
            { path: paths.testing.draw.path, element: <Lazy page={DrawPage} /> },
            { path: paths.monitoringDevices.path, element: <Lazy page={DevicesPage} /> },
          ],
        },
        {
          element: <RequireRole roles={["supervisor"]} />,
          children: [
            { path: paths.unitTasks.path, element: <Lazy page={UnitTasksPage} /> },
            { path: paths.fairness.path, element: <Lazy page={FairnessPage} /> },
            { path: paths.alertReport.path, element: <Lazy page={AlertReportPage} /> },
            { path: paths.approvals.path, element: <Lazy page={ApprovalsPage} /> },
            { path: paths.monitoring.crimeScene.path, element: <Lazy page={CrimeScenePage} /> },
            { path: paths.unitIncentives.path, element: <Lazy page={UnitIncentivesPage} /> },
          ],
        },
        {
          element: <RequireRole roles={["auditor"]} />,
          children: [{ path: paths.audit.search.path, element: <Lazy page={AuditPage} /> }],
        },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);

export type AppRouter = ReturnType<typeof createRouter>;
