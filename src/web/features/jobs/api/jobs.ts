import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { backgroundJobList, type JobStatus, jobStatus } from "../../../../shared/contract/jobs";
import { api } from "../../../lib/api-client";

export const jobKeys = {
  all: ["jobs"] as const,
  list: () => [...jobKeys.all, "list"] as const,
  status: (id: string) => [...jobKeys.all, "status", id] as const,
};

/** A finished job (succeeded, or dead) changes no more: its page stops asking. */
export const isSettled = (status: JobStatus["status"]) => status === "succeeded" || status === "dead";

/**
 * A job's status and progress, asked again every `intervalMs` until it has finished. Background requests: a page left
 * open on a long job does not keep the session alive.
 */
export const useJobStatus = (id: string, intervalMs = 2_000) =>
  useQuery({
    queryKey: jobKeys.status(id),
    queryFn: () => api.get(`/api/v1/jobs/${encodeURIComponent(id)}`, { schema: jobStatus, background: true }),
    refetchInterval: (query) => (query.state.data && isSettled(query.state.data.status) ? false : intervalMs),
  });

/** The administrators' list of waiting, running and dead jobs, refreshed while the page is open. */
export const useBackgroundJobs = () =>
  useQuery({
    queryKey: jobKeys.list(),
    queryFn: () => api.get("/api/v1/jobs", { schema: backgroundJobList, background: true }),
    refetchInterval: 5_000,
  });

export function useRunJobAgain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/jobs/${encodeURIComponent(id)}/run-again`, undefined, { schema: jobStatus }),
    onSuccess: (status) => {
      queryClient.setQueryData(jobKeys.status(status.id), status);
      return queryClient.invalidateQueries({ queryKey: jobKeys.list() });
    },
  });
}
