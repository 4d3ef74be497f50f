import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { createdResponse, okResponse } from "../../../../shared/contract/common";
import type { aliasBody, cautionBody, contactBody, contactUpdateBody, retireCautionBody } from "../../../../shared/contract/people";
import { api, apiRequest } from "../../../lib/api-client";
import { personKeys } from "../../../lib/query-keys";
import { markPhotoReplaced } from "./photo";

/*
 * Household, family and emergency contacts, aliases, safety cautions and the photo of a person: each change reloads
 * the person's record, which shows them (and the cautions in the header).
 */

const personPath = (personId: string) => `/api/v1/people/${encodeURIComponent(personId)}`;

function usePersonChange<Input>(personId: string, send: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
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

export const useRemovePersonContact = (personId: string) =>
  usePersonChange(personId, (contactId: string) =>
    apiRequest(`/api/v1/person-contacts/${encodeURIComponent(contactId)}`, { method: "DELETE", schema: okResponse }),
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
    mutationFn: (file: File) => {
      // The browser's guess of the type is only a label: the server decides from the bytes.
      const type = (photoTypes as readonly string[]).includes(file.type) ? file.type : "application/octet-stream";
      return api.put(`${personPath(personId)}/photo`, new Blob([file], { type }), { schema: okResponse });
    },
    onSuccess: async () => {
      markPhotoReplaced(personId);
      await queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) });
    },
  });
}
