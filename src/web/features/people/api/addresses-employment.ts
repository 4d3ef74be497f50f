import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { createdResponse, okResponse } from "../../../../shared/contract/common";
import type {
  addressBody,
  addressCorrectionBody,
  addressVerificationBody,
  employmentBody,
  employmentUpdateBody,
  employmentVerificationBody,
  moveOutBody,
} from "../../../../shared/contract/people";
import { api } from "../../../lib/api-client";
import { caseloadKeys, contactKeys, personKeys } from "../../../lib/query-keys";

export type AddressInput = z.output<typeof addressBody>;
export type AddressCorrectionInput = z.output<typeof addressCorrectionBody>;
export type MoveOutInput = z.output<typeof moveOutBody>;
export type AddressVerificationInput = z.output<typeof addressVerificationBody>;
export type EmploymentInput = z.output<typeof employmentBody>;
export type EmploymentUpdateInput = z.output<typeof employmentUpdateBody>;
export type EmploymentVerificationInput = z.output<typeof employmentVerificationBody>;

const id = encodeURIComponent;

/**
 * A change to the person's addresses or jobs: the record reloads, and so do the contact standards and the caseload,
 * since the current address decides the home-verification (or, with no fixed address, the whereabouts) standard.
 */
function useRecordChange<Input>(personId: string, send: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.all }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}

export const useAddAddress = (personId: string) =>
  useRecordChange(personId, (input: AddressInput) =>
    api.post(`/api/v1/people/${id(personId)}/addresses`, input, { schema: createdResponse }),
  );

export const useCorrectAddress = (personId: string, addressId: string) =>
  useRecordChange(personId, (input: AddressCorrectionInput) =>
    api.patch(`/api/v1/addresses/${id(addressId)}`, input, { schema: okResponse }),
  );

export const useMoveOut = (personId: string, addressId: string) =>
  useRecordChange(personId, (input: MoveOutInput) =>
    api.post(`/api/v1/addresses/${id(addressId)}/move-out`, input, { schema: okResponse }),
  );

export const useVerifyAddress = (personId: string, addressId: string) =>
  useRecordChange(personId, (input: AddressVerificationInput) =>
    api.patch(`/api/v1/addresses/${id(addressId)}/verification`, input, { schema: okResponse }),
  );

export const useAddEmployment = (personId: string) =>
  useRecordChange(personId, (input: EmploymentInput) =>
    api.post(`/api/v1/people/${id(personId)}/employment`, input, { schema: createdResponse }),
  );

export const useUpdateEmployment = (personId: string, employmentId: string) =>
  useRecordChange(personId, (input: EmploymentUpdateInput) =>
    api.patch(`/api/v1/employment/${id(employmentId)}`, input, { schema: okResponse }),
  );

export const useVerifyEmployment = (personId: string, employmentId: string) =>
  useRecordChange(personId, (input: EmploymentVerificationInput) =>
    api.post(`/api/v1/employment/${id(employmentId)}/verification`, input, { schema: okResponse }),
  );
