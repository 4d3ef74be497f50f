import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { transferBody } from "../../../../shared/contract/supervision";
import { api } from "../../../lib/api-client";
import { caseloadKeys } from "../../caseload/api/caseload";
import { personKeys } from "./people";

export type TransferInput = z.input<typeof transferBody>;

// The contract has no exported schema for the `{ ok: true }` answer (it is declared in cases.routes.ts).
const done = z.object({ ok: z.literal(true) });

export function useTransferCase(caseId: string, personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TransferInput) => api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/transfer`, input, { schema: done }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}
