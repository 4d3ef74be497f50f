/** Every route of the web app, in one place. Use `paths.x.path` in the router and `paths.x.getHref()` in links. */
export const paths = {
  home: { path: "/", getHref: () => "/" },
  auth: {
    signIn: { path: "/sign-in", getHref: () => "/sign-in" },
    changePassword: { path: "/sign-in/change-password", getHref: () => "/sign-in/change-password" },
    enrollMfa: { path: "/sign-in/enroll-authenticator", getHref: () => "/sign-in/enroll-authenticator" },
    verifyMfa: { path: "/sign-in/verify", getHref: () => "/sign-in/verify" },
  },
  admin: {
    users: { path: "/admin/users", getHref: () => "/admin/users" },
    newUser: { path: "/admin/users/new", getHref: () => "/admin/users/new" },
    user: { path: "/admin/users/:userId", getHref: (userId: string) => `/admin/users/${encodeURIComponent(userId)}` },
    units: { path: "/admin/units", getHref: () => "/admin/units" },
    settings: { path: "/admin/settings", getHref: () => "/admin/settings" },
    contactStandards: { path: "/admin/contact-standards", getHref: () => "/admin/contact-standards" },
    responseMatrix: { path: "/admin/response-matrix", getHref: () => "/admin/response-matrix" },
    instruments: { path: "/admin/instruments", getHref: () => "/admin/instruments" },
    crisisContacts: { path: "/admin/crisis-contacts", getHref: () => "/admin/crisis-contacts" },
    deadLetters: { path: "/admin/undelivered", getHref: () => "/admin/undelivered" },
    jobs: { path: "/admin/jobs", getHref: () => "/admin/jobs" },
    sharedZones: { path: "/admin/shared-zones", getHref: () => "/admin/shared-zones" },
    gateways: { path: "/admin/monitoring-gateways", getHref: () => "/admin/monitoring-gateways" },
  },
  people: {
    new: { path: "/people/new", getHref: () => "/people/new" },
    person: { path: "/people/:personId", getHref: (personId: string) => `/people/${encodeURIComponent(personId)}` },
  },
  notes: {
    search: {
      path: "/notes/search",
      getHref: (q?: string) => (q ? `/notes/search?q=${encodeURIComponent(q)}` : "/notes/search"),
    },
  },
  testing: {
    draw: { path: "/testing/draw", getHref: () => "/testing/draw" },
  },
  today: { path: "/today", getHref: (date?: string) => (date ? `/today?date=${encodeURIComponent(date)}` : "/today") },
  tasks: { path: "/tasks", getHref: () => "/tasks" },
  unitTasks: { path: "/tasks/unit", getHref: () => "/tasks/unit" },
  levelReviews: { path: "/level-reviews", getHref: () => "/level-reviews" },
  fairness: { path: "/fairness", getHref: () => "/fairness" },
  monitoringDevices: { path: "/monitoring/devices", getHref: () => "/monitoring/devices" },
  alerts: { path: "/alerts", getHref: () => "/alerts" },
  alertReport: { path: "/alerts/report", getHref: () => "/alerts/report" },
  approvals: { path: "/approvals", getHref: () => "/approvals" },
  monitoring: {
    map: { path: "/monitoring/map", getHref: () => "/monitoring/map" },
    track: { path: "/monitoring/track/:caseId", getHref: (caseId: string) => `/monitoring/track/${encodeURIComponent(caseId)}` },
    crimeScene: { path: "/monitoring/crime-scene", getHref: () => "/monitoring/crime-scene" },
  },
  unitIncentives: { path: "/incentives/unit", getHref: () => "/incentives/unit" },
  revocation: { path: "/revocations/:id", getHref: (id: string) => `/revocations/${encodeURIComponent(id)}` },
  revocationDocument: { path: "/revocations/:id/document", getHref: (id: string) => `/revocations/${encodeURIComponent(id)}/document` },
  revocationLetter: { path: "/revocations/:id/letter", getHref: (id: string) => `/revocations/${encodeURIComponent(id)}/letter` },
  warningLetter: { path: "/warning-letters/:letterId", getHref: (letterId: string) => `/warning-letters/${encodeURIComponent(letterId)}` },
  notifications: { path: "/notifications", getHref: () => "/notifications" },
  notificationPreferences: { path: "/notifications/preferences", getHref: () => "/notifications/preferences" },
  calendar: {
    path: "/calendar",
    getHref: (view?: "day" | "week", date?: string) => {
      const query = new URLSearchParams({ ...(view ? { view } : {}), ...(date ? { date } : {}) }).toString();
      return query ? `/calendar?${query}` : "/calendar";
    },
  },
  fieldSafety: { path: "/field-safety", getHref: () => "/field-safety" },
  cases: {
    // Resolves a case to its person's page (links from notifications, which know only the case).
    case: { path: "/cases/:caseId", getHref: (caseId: string) => `/cases/${encodeURIComponent(caseId)}` },
  },
  audit: {
    search: { path: "/audit", getHref: () => "/audit" },
  },
} as const;
