import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { nextStep, type signInRequest } from "../../../../shared/contract/auth";
import { api, setCsrfToken } from "../../../lib/api-client";
import { refreshSession } from "./session";

const nextStepResponse = z.object({ next: nextStep });
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
