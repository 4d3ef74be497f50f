import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { okResponse } from "../../../../shared/contract/common";
import {
  type levelReviewActionBody,
  type levelReviewDenyBody,
  levelReviewList,
  type levelReviewSnoozeBody,
} from "../../../../shared/contract/level-review";
import { api } from "../../../lib/api-client";
import { caseloadKeys, levelReviewKeys, personKeys } from "../../../lib/query-keys";

export type { LevelReviewList, LevelReviewOpportunity } from "../../../../shared/contract/level-review";
export type SnoozeInput = z.input<typeof levelReviewSnoozeBody>;
export type DenyInput = z.input<typeof levelReviewDenyBody>;
export type ActionInput = z.input<typeof levelReviewActionBody>;

export const useLevelReviews = (officerId: string | null) =>
  useQuery({
    queryKey: levelReviewKeys.list(officerId),
    queryFn: () => api.get("/api/v1/level-reviews", { query: { officerId }, schema: levelReviewList }),
  });

/** Snooze, deny or act on a case's opportunity; the list, the caseload and the person's record show the change. */
export function useLevelReviewDecision<I>(caseId: string, decision: "snooze" | "deny" | "action") {
  const queryClient = useQueryClient();
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: levelReviewKeys.all }),
      queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      queryClient.invalidateQueries({ queryKey: personKeys.all }),
    ]);
  return useMutation({
    mutationFn: (input: I) =>
      api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/level-review/${decision}`, input, { schema: okResponse }),
    onSuccess: invalidate,
  });
}
