import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  assessment,
  assessmentOverride,
  caseAssessments,
  type InstrumentLibraryEntry,
  type instrumentImportBody,
  instrumentLibrary,
  instrumentLibraryEntry,
  type overrideDecisionBody,
  type overrideRequestBody,
} from "../../../../shared/contract/assessments";
import { instrumentDefinition } from "../../../../shared/instruments/definition";
import { api } from "../../../lib/api-client";
import { assessmentKeys, caseloadKeys, contactKeys, crisisKeys, personKeys, taskKeys } from "../../../lib/query-keys";

export type { Assessment, AssessmentOverride, CaseAssessments } from "../../../../shared/contract/assessments";
export type { InstrumentDefinition } from "../../../../shared/instruments/definition";
export type OverrideRequest = z.input<typeof overrideRequestBody>;
export type OverrideDecision = z.input<typeof overrideDecisionBody>;

const id = encodeURIComponent;

/** The person page's section: the case's assessments, overrides, instruments, next due day and level banner. */
export const useCaseAssessments = (caseId: string) =>
  useQuery({
    queryKey: assessmentKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${id(caseId)}/assessments`, { schema: caseAssessments }),
  });

export const useAssessment = (assessmentId: string | null) =>
  useQuery({
    queryKey: assessmentKeys.detail(assessmentId ?? ""),
    queryFn: () => api.get(`/api/v1/assessments/${id(assessmentId!)}`, { schema: assessment }),
    enabled: assessmentId !== null,
  });

/** A definition never changes under its version: read once per session. */
export const useInstrument = (instrumentId: string | undefined, version: number | undefined) =>
  useQuery({
    queryKey: assessmentKeys.instrument(instrumentId ?? "", version ?? 0),
    queryFn: () => api.get(`/api/v1/instruments/${id(instrumentId!)}/versions/${version}`, { schema: instrumentDefinition }),
    enabled: instrumentId !== undefined && version !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });

/**
 * After a change the section, the person's record (level and risk), the contact standards, the tasks (assessment due,
 * crisis, approvals) and the caseload (risk filter) are read again.
 */
function useRefreshAfter(caseId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: assessmentKeys.all }),
      queryClient.invalidateQueries({ queryKey: personKeys.all }),
      queryClient.invalidateQueries({ queryKey: contactKeys.standards(caseId) }),
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
      queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      // A crisis flag (suicide risk, no shelter tonight) opens a crisis record as the answer is saved.
      queryClient.invalidateQueries({ queryKey: crisisKeys.all }),
    ]);
}

export function useStartAssessment(caseId: string) {
  const refresh = useRefreshAfter(caseId);
  return useMutation({
    mutationFn: (instrumentId: string) => api.post(`/api/v1/cases/${id(caseId)}/assessments`, { instrumentId }, { schema: assessment }),
    onSuccess: refresh,
  });
}

export function useSaveAnswers(caseId: string, assessmentId: string) {
  const refresh = useRefreshAfter(caseId);
  return useMutation({
    mutationFn: (body: { answers: Record<string, unknown>; expectedVersion: number }) =>
      api.put(`/api/v1/assessments/${id(assessmentId)}/answers`, body, { schema: assessment }),
    onSuccess: refresh,
  });
}

export function useCompleteAssessment(caseId: string, assessmentId: string) {
  const refresh = useRefreshAfter(caseId);
  return useMutation({
    mutationFn: (expectedVersion: number) =>
      api.post(`/api/v1/assessments/${id(assessmentId)}/complete`, { expectedVersion }, { schema: assessment }),
    onSuccess: refresh,
  });
}

export function useRequestOverride(caseId: string, assessmentId: string) {
  const refresh = useRefreshAfter(caseId);
  return useMutation({
    mutationFn: (body: OverrideRequest) =>
      api.post(`/api/v1/assessments/${id(assessmentId)}/overrides`, body, { schema: assessmentOverride }),
    onSuccess: refresh,
  });
}

export function useDecideOverride(caseId: string, overrideId: string) {
  const refresh = useRefreshAfter(caseId);
  return useMutation({
    mutationFn: (body: OverrideDecision) =>
      api.post(`/api/v1/assessment-overrides/${id(overrideId)}/decision`, body, { schema: assessmentOverride }),
    onSuccess: refresh,
    onError: refresh,
  });
}

export type InstrumentImport = z.input<typeof instrumentImportBody>;
export type { InstrumentLibrary, InstrumentLibraryEntry } from "../../../../shared/contract/assessments";

const libraryKey = [...assessmentKeys.all, "library"] as const;

/** Administrators: every instrument version of the agency with its source and status. */
export const useInstrumentLibrary = () =>
  useQuery({ queryKey: libraryKey, queryFn: () => api.get("/api/v1/instruments", { schema: instrumentLibrary }) });

/** An import, publication or retirement: the library and every case's list of instruments to start move on. */
function useLibraryChange<I>(send: (input: I) => Promise<InstrumentLibraryEntry>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: assessmentKeys.all }) });
}

export const useImportInstrument = () =>
  useLibraryChange((input: InstrumentImport) => api.post("/api/v1/instruments", input, { schema: instrumentLibraryEntry }));

export const useSetInstrumentStatus = () =>
  useLibraryChange(({ instrumentId, version, status }: { instrumentId: string; version: number; status: "active" | "retired" }) =>
    api.post(`/api/v1/instruments/${id(instrumentId)}/versions/${version}/${status === "active" ? "publish" : "retire"}`, undefined, {
      schema: instrumentLibraryEntry,
    }),
  );
