import { useEffect, useId, useRef, useState } from "react";
import { Button, ErrorAlert } from "../../../components/ui";
import { useNewCalendarFeed } from "../api/appointments";

/**
 * The iCalendar subscription address. The server keeps only a hash of its secret, so an address can be shown
 * once, when it is made; making a new one stops the previous one (e.g. after a lost phone).
 */
export function CalendarFeed() {
  const feed = useNewCalendarFeed();
  const [copied, setCopied] = useState<string>("");
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const url = feed.data?.url;
  // The new address is what the user asked for: focus (and select) it.
  useEffect(() => {
    if (url) inputRef.current?.focus();
  }, [url]);

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Address copied. Paste it into your calendar app's “subscribe” or “add from URL” setting.");
    } catch {
      // No clipboard access (permissions, older browser): select the text so the keyboard shortcut copies it.
      inputRef.current?.select();
      setCopied("The address is selected: press Ctrl+C (or ⌘+C) to copy it.");
    }
  };

  return (
    <>
      <p className="margin-top-0">Subscribe in Outlook or Google Calendar; shows initials and appointment type only.</p>
      {url ? (
        <div className="usa-form-group maxw-tablet-lg">
          <label className="usa-label" htmlFor={`${id}-url`}>
            Subscription address
          </label>
          <div className="usa-hint" id={`${id}-hint`}>
            Keep it private: anyone with the address can see your appointment times.
          </div>
          <div className="display-flex flex-wrap flex-align-center">
            <input
              ref={inputRef}
              id={`${id}-url`}
              className="usa-input maxw-none flex-fill margin-right-1"
              type="text"
              readOnly
              value={url}
              aria-describedby={`${id}-hint`}
              onFocus={(event) => event.target.select()}
            />
            <Button variant="outline" className="margin-top-1" onClick={() => void copy()}>
              Copy address
            </Button>
          </div>
        </div>
      ) : null}
      <p role="status" className="margin-y-1">
        {copied}
      </p>
      <Button
        variant={url ? "unstyled" : "outline"}
        pending={feed.isPending}
        onClick={() => {
          setCopied("");
          feed.mutate();
        }}
      >
        {url ? "Make a new address" : "Show my subscription address"}
      </Button>
      <p className="usa-hint font-sans-3xs">
        {url ? "A new address stops this one from working." : "This makes a new address; any address you made before stops working."}
      </p>
      <ErrorAlert error={feed.error} />
    </>
  );
}
