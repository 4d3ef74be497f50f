import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { contactStandards, type contactStandardsBody } from "../../../../shared/contract/contacts";
import { api } from "../../../lib/api-client";
import { caseloadKeys, contactKeys } from "../../../lib/query-keys";

export type ContactStandards = z.infer<typeof contactStandards>;
export type ContactStandardsInput = z.input<typeof contactStandardsBody>;
export type RequirementRule = ContactStandards["requirements"][number];

export const contactStandardsKeys = { agency: ["admin", "contact-standards"] as const };

export const useContactStandards = () =>
  useQuery({
    queryKey: contactStandardsKeys.agency,
    queryFn: () => api.get("/api/v1/contact-standards", { schema: contactStandards }),
  });

/** Replaces the agency's contact standards; every case's standards and the caseload priorities change with them. */
export function useUpdateContactStandards() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactStandardsInput) => api.put("/api/v1/contact-standards", input, { schema: contactStandards }),
    onSuccess: (saved) =>
      Promise.all([
        queryClient.setQueryData(contactStandardsKeys.agency, saved),
        queryClient.invalidateQueries({ queryKey: contactKeys.all }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}
