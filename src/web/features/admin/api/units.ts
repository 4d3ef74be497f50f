import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { unit } from "../../../../shared/contract/admin";
import { api } from "../../../lib/api-client";
import { unitKeys, userKeys } from "../../../lib/query-keys";

const unitList = z.array(unit);

export const useUnits = () => useQuery({ queryKey: unitKeys.list(), queryFn: () => api.get("/api/v1/units", { schema: unitList }) });

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post("/api/v1/units", { name }, { schema: unit }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitKeys.all }),
  });
}

export function useRenameUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api.patch(`/api/v1/units/${encodeURIComponent(id)}`, { name }, { schema: unit }),
    onSuccess: async () => {
      // Users carry their unit's name.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: unitKeys.all }),
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
      ]);
    },
  });
}
