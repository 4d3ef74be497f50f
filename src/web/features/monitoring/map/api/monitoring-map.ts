import { useMutation, useQuery } from "@tanstack/react-query";
import { type CrimeSceneBody, crimeSceneResult, livePositions, track } from "../../../../../shared/contract/monitoring-map";
import { api } from "../../../../lib/api-client";

/** How often the live map asks for new positions: devices report about once a minute. */
export const livePollMs = 20_000;

export const useLivePositions = () =>
  useQuery({
    queryKey: ["monitoring", "positions"],
    queryFn: () => api.get("/api/v1/monitoring/positions", { schema: livePositions, background: true }),
    refetchInterval: livePollMs,
  });

export const useTrack = (caseId: string, window: { from: string; to: string } | null) =>
  useQuery({
    queryKey: ["monitoring", "track", caseId, window?.from, window?.to],
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/monitoring/track`, { query: window ?? {}, schema: track }),
    enabled: window !== null,
  });

export const useCrimeSceneSearch = () =>
  useMutation({
    mutationFn: (body: CrimeSceneBody) => api.post("/api/v1/monitoring/crime-scene-searches", body, { schema: crimeSceneResult }),
  });
