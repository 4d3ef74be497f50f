import { useSyncExternalStore } from "react";

/** A person's photo: its address, and when it was last replaced in this tab. Imports no contract schemas. */
export const personPhotoUrl = (id: string) => `/api/v1/people/${encodeURIComponent(id)}/photo`;

// personId → when its photo was last replaced in this tab. A plain store rather than a query per avatar: the
// caseload draws fifty avatars, and fifty cache entries and observers for a value that is almost never set cost
// time on the first paint of every load.
const revisions = new Map<string, number>();
const listeners = new Set<() => void>();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Records that the person's photo was replaced now: every avatar of them asks for the new one. */
export function markPhotoReplaced(personId: string): void {
  revisions.set(personId, Date.now());
  for (const listener of listeners) listener();
}

/**
 * When the photo was last replaced in this tab (0: not since the page loaded): its address changes with it, so the
 * browser does not show the old image it already holds for the same address.
 */
export function usePhotoRevision(personId: string): number {
  return useSyncExternalStore(subscribe, () => revisions.get(personId) ?? 0);
}
