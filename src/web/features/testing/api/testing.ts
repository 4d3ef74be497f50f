import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  callInResponse,
  caseTests,
  type confirmationBody,
  type custodyStepBody,
  drugTest,
  type drugTestBody,
  recordedDrugTest,
  testingProgram,
  type testingProgramBody,
} from "../../../../shared/contract/testing";
import { api } from "../../../lib/api-client";
import { notificationKeys } from "../../../lib/query-keys";

export type TestingProgram = z.infer<typeof testingProgram>;
export type TestingProgramInput = z.infer<typeof testingProgramBody>;
export type DrugTest = z.infer<typeof drugTest>;
export type DrugTestInput = z.input<typeof drugTestBody>;
export type CallIn = z.infer<typeof callInResponse>;
export type CustodyStepInput = z.input<typeof custodyStepBody>;
export type LabAnswer = z.infer<typeof confirmationBody>["confirmation"];

export type CaseTests = z.infer<typeof caseTests>;

export const testingKeys = {
  all: ["testing"] as const,
  tests: (caseId: string) => [...testingKeys.all, "tests", caseId] as const,
  callIn: (caseId: string) => [...testingKeys.all, "call-in", caseId] as const,
};

const casePath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;

/** The case's testing program (or null) and its tests, newest first. */
export const useCaseTests = (caseId: string) =>
  useQuery({ queryKey: testingKeys.tests(caseId), queryFn: () => api.get(`${casePath(caseId)}/tests`, { schema: caseTests }) });

/** Whether the person must call in and test today. */
export const useCallIn = (caseId: string) =>
  useQuery({ queryKey: testingKeys.callIn(caseId), queryFn: () => api.get(`${casePath(caseId)}/call-in`, { schema: callInResponse }) });

export function useSetTestingProgram(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TestingProgramInput) => api.put(`${casePath(caseId)}/testing-program`, input, { schema: testingProgram }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: testingKeys.tests(caseId) }),
        queryClient.invalidateQueries({ queryKey: testingKeys.callIn(caseId) }),
      ]),
  });
}

/** Records a test; a positive test notifies the supervising officer, so notifications are stale too. */
export function useRecordTest(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DrugTestInput) => api.post(`${casePath(caseId)}/tests`, input, { schema: recordedDrugTest }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: testingKeys.tests(caseId) }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

/** Records the lab's (final) answer on one result: confirmed or overturned. */
export function useConfirmResult(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ testId, substance, confirmation }: { testId: string; substance: string; confirmation: LabAnswer }) =>
      api.patch(
        `/api/v1/tests/${encodeURIComponent(testId)}/results/${encodeURIComponent(substance)}`,
        { confirmation },
        { schema: drugTest },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testingKeys.tests(caseId) }),
  });
}

/** Appends the next step of a specimen's chain of custody (shipped, received by the lab, tested...). */
export function useAddCustodyStep(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ testId, step }: { testId: string; step: CustodyStepInput }) =>
      api.post(`/api/v1/tests/${encodeURIComponent(testId)}/custody`, step, { schema: drugTest }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testingKeys.tests(caseId) }),
  });
}
