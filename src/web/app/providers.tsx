import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { dropBootResponses } from "../boot-requests";
import { paths } from "../config/paths";
import type { SignInNotice } from "../features/auth/next-step";
import { onUnauthenticated, setCsrfToken } from "../lib/api-client";
import { sessionKeys } from "../lib/session";
import type { AppRouter } from "./router";

/**
 * Server state (TanStack Query) and the global answer to an ended session: when any signed-in call
 * answers 401, forget everything held in memory and go to the sign-in page with the server's message.
 */
export function AppProviders({ queryClient, router, children }: { queryClient: QueryClient; router: AppRouter; children: ReactNode }) {
  useEffect(() => {
    onUnauthenticated((error) => {
      if (error.code === "mfa_required") {
        void queryClient.invalidateQueries({ queryKey: sessionKeys.current });
        return;
      }
      // A request still in flight when the user signed out answers 401 once the sign-in page shows "You have signed
      // out": nothing more ended, and navigating again would replace that notice.
      if (router.state.location.pathname === paths.auth.signIn.getHref()) return;
      // Warn only when a session actually ended (timeout, signed out elsewhere, account disabled): a first
      // visit without any session answers the generic 401 and simply shows the sign-in page.
      const hadSession = queryClient.getQueryData(sessionKeys.current) !== undefined;
      const ended = hadSession || /ended|expired|disabled/i.test(error.message);
      setCsrfToken(null);
      dropBootResponses();
      queryClient.clear();
      const state: SignInNotice | null = ended ? { notice: error.message, tone: "warning" } : null;
      void router.navigate(paths.auth.signIn.getHref(), { replace: true, state });
    });
    // Answers started for the first page are for it alone: once the user moves on, every request is asked anew.
    const firstLocation = router.state.location.key;
    const unsubscribe = router.subscribe((state) => {
      if (state.location.key !== firstLocation) dropBootResponses();
    });
    return () => {
      onUnauthenticated(null);
      unsubscribe();
    };
  }, [queryClient, router]);

  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
