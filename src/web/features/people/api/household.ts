import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { createdResponse, okResponse } from "../../../../shared/contract/common";
import type { aliasBody, cautionBody, contactBody, contactUpdateBody, retireCautionBody } from "../../../../shared/contract/people";
import { api, apiRequest, isApiError } from "../../../lib/api-client";
import { personKeys } from "../../../lib/query-keys";
import { markPhotoReplaced } from "./photo";

/*
 * Household, family and emergency contacts, aliases, safety cautions and the photo of a person: each change reloads
 * the person's record, which shows them (and the cautions in the header).
 */

const personPath = (personId: string) => `/api/v1/people/${encodeURIComponent(personId)}`;

/** A change to the record: it reloads after success, and after an edit conflict so the page shows what changed. */
function usePersonChange<Input>(personId: string, send: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  const reload = () => queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) });
  return useMutation({
    mutationFn: send,
    onSuccess: reload,
    onError: (error) => (isApiError(error) && error.code === "edit_conflict" ? reload() : undefined),
  });
}

export const useAddPersonContact = (personId: string) =>
  usePersonChange(personId, (input: z.output<typeof contactBody>) =>
    api.post(`${personPath(personId)}/contacts`, input, { schema: createdResponse }),
  );

export const useCorrectPersonContact = (personId: string, contactId: string) =>
  usePersonChange(personId, (input: z.output<typeof contactUpdateBody>) =>
    api.patch(`/api/v1/person-contacts/${encodeURIComponent(contactId)}`, input, { schema: okResponse }),
  );

/** Removes a contact as the page showed it (its version): one corrected meanwhile is a 409 edit_conflict. */
export const useRemovePersonContact = (personId: string) =>
  usePersonChange(personId, ({ contactId, expectedVersion }: { contactId: string; expectedVersion: number }) =>
    apiRequest(`/api/v1/person-contacts/${encodeURIComponent(contactId)}?expectedVersion=${expectedVersion}`, {
      method: "DELETE",
      schema: okResponse,
    }),
  );

export const useAddAlias = (personId: string) =>
  usePersonChange(personId, (input: z.output<typeof aliasBody>) =>
    api.post(`${personPath(personId)}/aliases`, input, { schema: createdResponse }),
  );

export const useRemoveAlias = (personId: string) =>
  usePersonChange(personId, (aliasId: string) =>
    apiRequest(`/api/v1/aliases/${encodeURIComponent(aliasId)}`, { method: "DELETE", schema: okResponse }),
  );

export const useAddCaution = (personId: string) =>
  usePersonChange(personId, (input: z.output<typeof cautionBody>) =>
    api.post(`${personPath(personId)}/cautions`, input, { schema: createdResponse }),
  );

export const useRetireCaution = (personId: string, cautionId: string) =>
  usePersonChange(personId, (input: z.output<typeof retireCautionBody>) =>
    api.post(`/api/v1/cautions/${encodeURIComponent(cautionId)}/retire`, input, { schema: okResponse }),
  );

/** The photo types the server takes (it reads the real type from the bytes) and its size limit. */
export const photoTypes = ["image/jpeg", "image/png", "image/webp"] as const;
export const maxPhotoBytes = 512 * 1024;

export function useUploadPhoto(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The person's version the photo was chosen on: a photo (or correction) saved meanwhile is a 409 edit_conflict.
    mutationFn: ({ file, expectedVersion }: { file: File; expectedVersion: number }) => {
      // The browser's guess of the type is only a label: the server decides from the bytes.
      const type = (photoTypes as readonly string[]).includes(file.type) ? file.type : "application/octet-stream";
      return api.put(`${personPath(personId)}/photo?expectedVersion=${expectedVersion}`, new Blob([file], { type }), {
        schema: okResponse,
      });
    },
    onError: (error) =>
      isApiError(error) && error.code === "edit_conflict"
        ? queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) })
        : undefined,
    onSuccess: async () => {
      markPhotoReplaced(personId);
      await queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) });
    },
  });
}
