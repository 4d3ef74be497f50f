import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { type changePasswordRequest, mfaEnrollment, nextStepResponse } from "../../../../shared/contract/auth";
import { okResponse } from "../../../../shared/contract/common";
import { api } from "../../../lib/api-client";
import { refreshSession } from "../../../lib/session";

export const mfaKeys = { enrollment: ["auth", "mfa-enrollment"] as const };

export type ChangePasswordInput = z.input<typeof changePasswordRequest>;

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ChangePasswordInput) => {
      await api.post("/api/auth/password", input, { schema: okResponse });
      return refreshSession(queryClient);
    },
  });
}

/** Starts enrolment: the server makes a new secret each time, so this is fetched once per visit and never cached. */
export const useMfaEnrollment = () =>
  useQuery({
    queryKey: mfaKeys.enrollment,
    queryFn: () => api.post("/api/auth/mfa/enrollment", undefined, { schema: mfaEnrollment }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

export function useConfirmMfaEnrollment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string) => {
      await api.post("/api/auth/mfa/enrollment/confirm", { code }, { schema: nextStepResponse });
      queryClient.removeQueries({ queryKey: mfaKeys.enrollment });
      return refreshSession(queryClient);
    },
  });
}

export function useVerifyMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string) => {
      await api.post("/api/auth/mfa/verify", { code }, { schema: nextStepResponse });
      return refreshSession(queryClient);
    },
  });
}
