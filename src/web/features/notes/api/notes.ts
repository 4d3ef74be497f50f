import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { caseNote, type noteBody, notePage, noteSearchResponse } from "../../../../shared/contract/notes";
import { api } from "../../../lib/api-client";
import { caseloadKeys, noteKeys } from "../../../lib/query-keys";

export type CaseNote = z.infer<typeof caseNote>;
export type NoteInput = z.input<typeof noteBody>;

export const notesPageSize = 20;

export const useCaseNotes = (caseId: string) =>
  useInfiniteQuery({
    queryKey: noteKeys.ofCase(caseId),
    queryFn: ({ pageParam }) =>
      api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/notes`, {
        query: { cursor: pageParam, limit: notesPageSize },
        schema: notePage,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useNoteSearch = (q: string) =>
  useQuery({
    queryKey: noteKeys.search(q),
    queryFn: () => api.get("/api/v1/notes/search", { query: { q }, schema: noteSearchResponse }),
    enabled: q.trim().length >= 2,
  });

/** After any change to a case's notes: its timeline, note search and the caseload (last contact) are stale. */
function useNotesChanged(caseId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: noteKeys.ofCase(caseId) }),
      queryClient.invalidateQueries({ queryKey: [...noteKeys.all, "search"] }),
      queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
    ]);
}

export function useCreateNote(caseId: string) {
  const changed = useNotesChanged(caseId);
  return useMutation({
    mutationFn: (input: NoteInput) => api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/notes`, input, { schema: caseNote }),
    onSuccess: changed,
  });
}

export function useUpdateNote(caseId: string) {
  const changed = useNotesChanged(caseId);
  return useMutation({
    // The draft's version as read: an edit made meanwhile (another tab) is a 409 edit_conflict, never overwritten.
    mutationFn: ({ noteId, input, expectedVersion }: { noteId: string; input: NoteInput; expectedVersion: number }) =>
      api.patch(`/api/v1/notes/${encodeURIComponent(noteId)}`, { ...input, expectedVersion }, { schema: caseNote }),
    onSuccess: changed,
  });
}

export function useSignNote(caseId: string) {
  const changed = useNotesChanged(caseId);
  return useMutation({
    mutationFn: ({ noteId, expectedVersion }: { noteId: string; expectedVersion: number }) =>
      api.post(`/api/v1/notes/${encodeURIComponent(noteId)}/sign`, { expectedVersion }, { schema: caseNote }),
    onSuccess: changed,
  });
}

export function useAmendNote(caseId: string) {
  const changed = useNotesChanged(caseId);
  return useMutation({
    mutationFn: ({ noteId, input }: { noteId: string; input: NoteInput }) =>
      api.post(`/api/v1/notes/${encodeURIComponent(noteId)}/amendments`, input, { schema: caseNote }),
    onSuccess: changed,
  });
}
