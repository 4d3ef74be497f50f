import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { nextStepResponse, type signInRequest } from "../../../../shared/contract/auth";
import { api, setCsrfToken } from "../../../lib/api-client";
import { refreshSession } from "../../../lib/session";

export type SignInInput = z.input<typeof signInRequest>;

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput) => {
      queryClient.clear();
      setCsrfToken(null);
      await api.post("/api/auth/sign-in", input, { schema: nextStepResponse, withoutCsrf: true, expectUnauthenticated: true });
      return refreshSession(queryClient);
    },
  });
}
