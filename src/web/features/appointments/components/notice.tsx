import { useEffect, useRef } from "react";

/**
 * A polite live region for the outcome of an action done in a dialog. It is always in the page (so screen
 * readers announce a change); when a message appears, focus moves to it, since the control that opened the
 * dialog may be gone (a completed appointment has no actions).
 */
export function Notice({ message }: { message: { text: string; at: number } | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return (
    <div ref={ref} role="status" tabIndex={-1} className="waypoint-notice">
      {message ? (
        <div className="usa-alert usa-alert--success usa-alert--slim margin-y-2">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{message.text}</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** A new notice message (the time makes the same text a new message, so it is announced and focused again). */
export const noticeOf = (text: string) => ({ text, at: Date.now() });
