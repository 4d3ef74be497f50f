import { useIsFetching, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

/**
 * False until the page's own first requests have answered, then true for good. The header's secondary requests
 * (notifications, the field-visit banner) wait for it: the server (one database connection when embedded) would
 * otherwise answer them before the page's main content (e.g. the caseload), delaying what the user came for.
 * Checked after a task, not during the first render: a page's queries start once it has committed.
 */
export function useAfterPageRequests(): boolean {
  const queryClient = useQueryClient();
  const fetching = useIsFetching();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || fetching > 0) return;
    const timer = setTimeout(() => {
      if (queryClient.isFetching() === 0) setReady(true);
    }, 0);
    return () => clearTimeout(timer);
  }, [ready, fetching, queryClient]);
  return ready;
}
