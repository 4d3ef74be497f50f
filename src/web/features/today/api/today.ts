import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { mapConfig, todayList } from "../../../../shared/contract/today";
import { api } from "../../../lib/api-client";
import { todayKeys } from "../../../lib/query-keys";

const mapConfigKey = ["map-config"] as const;

export const useTodayList = (date: string | null) =>
  useQuery({
    queryKey: todayKeys.day(date),
    queryFn: () => api.get("/api/v1/today", { query: { date }, schema: todayList }),
    // While another day loads, the previous answer keeps the agency's time zone (and so the day picker) on the page.
    placeholderData: keepPreviousData,
  });

/** Where the map's background tiles come from; agency configuration that does not change while the page is open. */
export const useMapConfig = () =>
  useQuery({
    queryKey: mapConfigKey,
    queryFn: () => api.get("/api/v1/map-config", { schema: mapConfig }),
    staleTime: Number.POSITIVE_INFINITY,
  });
