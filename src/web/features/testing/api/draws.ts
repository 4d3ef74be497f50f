import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { drawVerification, randomDraw } from "../../../../shared/contract/testing";
import { api, isApiError } from "../../../lib/api-client";

export type RandomDraw = z.infer<typeof randomDraw>;
export type DrawVerification = z.infer<typeof drawVerification>;

export const drawKeys = {
  all: ["draws"] as const,
  ofDate: (date: string) => [...drawKeys.all, "date", date] as const,
};

/** The draw of a day, or null if it has not been made. */
export const useDraw = (date: string) =>
  useQuery({
    queryKey: drawKeys.ofDate(date),
    queryFn: async () => {
      try {
        return await api.get(`/api/v1/testing/draws/${encodeURIComponent(date)}`, { schema: randomDraw });
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });

export function useMakeDraw(date: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/api/v1/testing/draws", { date }, { schema: randomDraw }),
    onSuccess: (draw) => queryClient.setQueryData(drawKeys.ofDate(date), draw),
    // Drawn already (by someone else): show the stored draw.
    onError: (error) => {
      if (isApiError(error) && error.status === 409) return queryClient.invalidateQueries({ queryKey: drawKeys.ofDate(date) });
    },
  });
}

export const useVerifyDraw = () =>
  useMutation({
    mutationFn: (drawId: string) =>
      api.post(`/api/v1/testing/draws/${encodeURIComponent(drawId)}/verify`, undefined, { schema: drawVerification }),
  });
