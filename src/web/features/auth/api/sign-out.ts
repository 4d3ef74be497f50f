import { useMutation, useQueryClient } from "@tanstack/react-query";
import { okResponse } from "../../../../shared/contract/common";
import { rememberHome } from "../../../boot-requests";
import { api, setCsrfToken } from "../../../lib/api-client";

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scope: "this-device" | "everywhere") =>
      api.post(scope === "everywhere" ? "/api/auth/sign-out-everywhere" : "/api/auth/sign-out", undefined, { schema: okResponse }),
    onSettled: () => {
      setCsrfToken(null);
      rememberHome(false);
      queryClient.clear();
    },
  });
}
