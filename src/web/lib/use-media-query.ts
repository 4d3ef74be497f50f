import { useSyncExternalStore } from "react";

/** Whether a CSS media query matches now; the component re-renders when that changes (a window resized or turned). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

/** USWDS's tablet breakpoint (640 px): below it pages lay out for a phone, e.g. cards instead of tables. */
export const tabletAndUp = "(min-width: 40em)";
