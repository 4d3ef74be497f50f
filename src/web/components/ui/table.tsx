import { type ReactNode, useEffect, useRef } from "react";

type TableProps = {
  caption: string;
  children: ReactNode;
  captionHidden?: boolean;
  /**
   * On a phone each row becomes a block of "header: value" lines (USWDS stacked table), so no table scrolls sideways.
   * On by default; a cell's label is its column header unless it sets its own `data-label`.
   */
  stacked?: boolean;
};

/** A USWDS table in a horizontally scrollable, keyboard-focusable region; stacked on a phone. */
export function Table({ caption, children, captionHidden, stacked = true }: TableProps) {
  const tableRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    const table = tableRef.current;
    if (!stacked || !table) return;
    const label = () => labelCellsByColumn(table);
    label();
    // Rows added later (more loaded, a row's own state) get their labels too.
    const observer = new MutationObserver(label);
    observer.observe(table, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [stacked]);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="usa-table-container--scrollable" tabIndex={0} aria-label={caption}>
      <table ref={tableRef} className={`usa-table usa-table--striped usa-table--compact${stacked ? " usa-table--stacked" : ""}`}>
        <caption className={captionHidden ? "usa-sr-only" : undefined}>{caption}</caption>
        {children}
      </table>
    </section>
  );
}

/** Gives each body cell without a `data-label` the text of its column's header (shown above it when stacked). */
function labelCellsByColumn(table: HTMLTableElement): void {
  const headers = [...(table.tHead?.rows[0]?.cells ?? [])].map((cell) => (cell.textContent ?? "").trim());
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      if (row.cells.length !== headers.length) continue; // a message spanning the columns needs no label
      [...row.cells].forEach((cell, index) => {
        const header = headers[index];
        if (header && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", header);
      });
    }
  }
}
