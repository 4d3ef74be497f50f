import { useEffect } from "react";

/** Sets the document title for the current page: "<title> | Waypoint". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} | Waypoint`;
  }, [title]);
}
