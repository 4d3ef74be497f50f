import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  caseViolations,
  type mergeViolationsBody,
  type newResponseBody,
  type newViolationBody,
  type responseDecisionBody,
  type responseDoneBody,
  type responseMatrixBody,
  type severityTableBody,
  type updateViolationBody,
  violation,
  violationSettings,
  warningLetter,
} from "../../../../shared/contract/violations";
import { api } from "../../../lib/api-client";
import { caseloadKeys, taskKeys, violationKeys } from "../../../lib/query-keys";

export type {
  CaseViolations,
  EnforcementDecision,
  Violation,
  ViolationResponse,
  ViolationSettings,
  WarningLetter,
} from "../../../../shared/contract/violations";
export type NewViolationInput = z.input<typeof newViolationBody>;
export type UpdateViolationInput = z.input<typeof updateViolationBody>;
export type MergeInput = z.input<typeof mergeViolationsBody>;
export type NewResponseInput = z.input<typeof newResponseBody>;
export type DecisionInput = z.input<typeof responseDecisionBody>;
export type DoneInput = z.input<typeof responseDoneBody>;
export type MatrixInput = z.input<typeof responseMatrixBody>;
export type SeveritiesInput = z.input<typeof severityTableBody>;

export { violationKeys };

/** A warning letter as generated, for its printable page. */
export const useWarningLetter = (id: string) =>
  useQuery({
    queryKey: violationKeys.letter(id),
    queryFn: () => api.get(`/api/v1/warning-letters/${encodeURIComponent(id)}`, { schema: warningLetter }),
  });

/** The case's violations, their evidence and responses, and the matrix cell each may pick from. */
export const useCaseViolations = (caseId: string) =>
  useQuery({
    queryKey: violationKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/violations`, { schema: caseViolations }),
  });

/** A change of a case's violations: its list, tasks (a response makes or closes one) and the caseload's filter move on. */
function useViolationChange<I, R>(caseId: string, send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: violationKeys.ofCase(caseId) }),
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
      queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
    ]);
  return useMutation({ mutationFn: send, onSuccess: invalidate });
}

const options = { schema: violation };

export const useRecordViolation = (caseId: string) =>
  useViolationChange(caseId, (input: NewViolationInput) =>
    api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/violations`, input, options),
  );

export const useUpdateViolation = (caseId: string, id: string) =>
  useViolationChange(caseId, (input: UpdateViolationInput) => api.patch(`/api/v1/violations/${encodeURIComponent(id)}`, input, options));

export const useMergeViolations = (caseId: string, id: string) =>
  useViolationChange(caseId, (input: MergeInput) => api.post(`/api/v1/violations/${encodeURIComponent(id)}/merge`, input, options));

export const useChooseResponse = (caseId: string, id: string) =>
  useViolationChange(caseId, (input: NewResponseInput) =>
    api.post(`/api/v1/violations/${encodeURIComponent(id)}/responses`, input, options),
  );

export const useDecideResponse = (caseId: string, responseId: string) =>
  useViolationChange(caseId, (input: DecisionInput) =>
    api.post(`/api/v1/violation-responses/${encodeURIComponent(responseId)}/decision`, input, options),
  );

export const useResponseDone = (caseId: string, responseId: string) =>
  useViolationChange(caseId, (input: DoneInput) =>
    api.post(`/api/v1/violation-responses/${encodeURIComponent(responseId)}/done`, input, options),
  );

/** The agency's severity table and response matrix (its own or the shipped defaults). */
export const useViolationSettings = () =>
  useQuery({ queryKey: violationKeys.settings(), queryFn: () => api.get("/api/v1/violation-settings", { schema: violationSettings }) });

export function useSaveSettings<I>(path: "severities" | "matrix") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => api.put(`/api/v1/violation-settings/${path}`, input, { schema: violationSettings }),
    onSuccess: (saved) => {
      queryClient.setQueryData(violationKeys.settings(), saved);
      return queryClient.invalidateQueries({ queryKey: violationKeys.all });
    },
  });
}
