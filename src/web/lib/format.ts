const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : "—");

export const roleLabels = { officer: "Officer", supervisor: "Supervisor", admin: "Administrator", auditor: "Auditor" } as const;
