import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { okResponse } from "../../../../shared/contract/common";
import { type intakeBody, intakeResponse, personRecord, type personUpdateBody } from "../../../../shared/contract/people";
import { api } from "../../../lib/api-client";
import { caseloadKeys, personKeys } from "../../../lib/query-keys";

export type PersonRecord = z.infer<typeof personRecord>;
export type IntakeInput = z.input<typeof intakeBody>;

export { personPhotoUrl } from "./photo";

export const usePerson = (id: string) =>
  useQuery({
    queryKey: personKeys.detail(id),
    queryFn: () => api.get(`/api/v1/people/${encodeURIComponent(id)}`, { schema: personRecord }),
  });

export function useIntake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: IntakeInput) => api.post("/api/v1/people", input, { schema: intakeResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
  });
}

export type PersonCorrection = z.output<typeof personUpdateBody>;

/** Corrects the person's own fields; the record (and the caseload's names) reload. */
export function useCorrectPerson(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PersonCorrection) => api.patch(`/api/v1/people/${encodeURIComponent(personId)}`, input, { schema: okResponse }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) });
      await queryClient.invalidateQueries({ queryKey: caseloadKeys.all });
    },
  });
}
