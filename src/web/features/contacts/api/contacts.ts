import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { caseStandards, contact, type contactBody } from "../../../../shared/contract/contacts";
import { api } from "../../../lib/api-client";
import { appointmentKeys, caseloadKeys, contactKeys, noteKeys, personKeys, taskKeys, violationKeys } from "../../../lib/query-keys";

export type Contact = z.infer<typeof contact>;
export type ContactInput = z.input<typeof contactBody>;
export type CaseStandards = z.infer<typeof caseStandards>;
export type StandardState = CaseStandards["states"][number];

const contactList = z.array(contact);

const casePath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;

/** The case's contacts, newest first. */
export const useCaseContacts = (caseId: string) =>
  useQuery({ queryKey: contactKeys.ofCase(caseId), queryFn: () => api.get(`${casePath(caseId)}/contacts`, { schema: contactList }) });

/** Where the case stands against its contact standards today. */
export const useCaseStandards = (caseId: string) =>
  useQuery({ queryKey: contactKeys.standards(caseId), queryFn: () => api.get(`${casePath(caseId)}/standards`, { schema: caseStandards }) });

/**
 * Records a contact. Afterwards the contacts, the standards, the notes (a narrative starts a draft note),
 * the person (a completed home visit verifies the address), the caseload (priority) and, when the contact
 * completes one, the appointments are stale.
 */
export function useRecordContact(caseId: string, personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactInput) => api.post(`${casePath(caseId)}/contacts`, input, { schema: contact }),
    onSuccess: (_saved, input) =>
      Promise.all([
        input.appointmentId ? queryClient.invalidateQueries({ queryKey: appointmentKeys.all }) : null,
        queryClient.invalidateQueries({ queryKey: contactKeys.ofCase(caseId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.standards(caseId) }),
        queryClient.invalidateQueries({ queryKey: noteKeys.ofCase(caseId) }),
        queryClient.invalidateQueries({ queryKey: [...noteKeys.all, "search"] }),
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
        // An enforcement decision made the violation, its response and tasks in the same request.
        input.enforcement ? queryClient.invalidateQueries({ queryKey: violationKeys.ofCase(caseId) }) : null,
        input.enforcement ? queryClient.invalidateQueries({ queryKey: taskKeys.all }) : null,
      ]),
    // The appointment may have changed meanwhile (completed or cancelled elsewhere): show its current state.
    onError: (_error, input) => (input.appointmentId ? queryClient.invalidateQueries({ queryKey: appointmentKeys.all }) : undefined),
  });
}
