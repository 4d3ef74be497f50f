import type { ReactNode } from "react";

type AlertProps = {
  type: "info" | "success" | "warning" | "error";
  heading?: string;
  headingLevel?: "h2" | "h3";
  children?: ReactNode;
  slim?: boolean;
  /** Error and warning alerts are announced immediately (role="alert"); others politely (role="status"). */
  role?: "alert" | "status";
};

export function Alert({ type, heading, headingLevel = "h2", children, slim, role }: AlertProps) {
  const Heading = headingLevel;
  const classes = ["usa-alert", `usa-alert--${type}`, slim ? "usa-alert--slim" : ""].filter(Boolean).join(" ");
  return (
    <div className={classes} role={role ?? (type === "error" || type === "warning" ? "alert" : "status")}>
      <div className="usa-alert__body">
        {heading ? <Heading className="usa-alert__heading">{heading}</Heading> : null}
        {children ? <div className="usa-alert__text">{children}</div> : null}
      </div>
    </div>
  );
}

/** The message of a failed request, shown as an error alert. */
export function ErrorAlert({ error, heading }: { error: unknown; heading?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : "Something went wrong. Try again.";
  return (
    <Alert type="error" heading={heading} role="alert" slim={!heading}>
      {message}
    </Alert>
  );
}
