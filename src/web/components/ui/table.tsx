import type { ReactNode } from "react";

type TableProps = {
  caption: string;
  children: ReactNode;
  captionHidden?: boolean;
  /** On a phone each row becomes a block of "header: value" lines (USWDS stacked table): cells need `data-label`. */
  stacked?: boolean;
};

/** A USWDS table in a horizontally scrollable, keyboard-focusable region (for small screens). */
export function Table({ caption, children, captionHidden, stacked }: TableProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="usa-table-container--scrollable" tabIndex={0} aria-label={caption}>
      <table className={`usa-table usa-table--striped usa-table--compact${stacked ? " usa-table--stacked" : ""}`}>
        <caption className={captionHidden ? "usa-sr-only" : undefined}>{caption}</caption>
        {children}
      </table>
    </section>
  );
}
