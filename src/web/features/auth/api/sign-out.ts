import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api, setCsrfToken } from "../../../lib/api-client";

const ok = z.object({ ok: z.literal(true) });

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scope: "this-device" | "everywhere") =>
      api.post(scope === "everywhere" ? "/api/auth/sign-out-everywhere" : "/api/auth/sign-out", undefined, { schema: ok }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
    },
  });
}
