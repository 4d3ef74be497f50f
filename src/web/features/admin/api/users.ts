import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type createUserBody,
  createUserResponse,
  type UserAction,
  type updateUserBody,
  user,
  userActionResponse,
} from "../../../../shared/contract/admin";
import { api } from "../../../lib/api-client";
import { unitKeys, userKeys } from "../../../lib/query-keys";

const userList = z.array(user);

export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;

export const useUsers = (unitId: string | null) =>
  useQuery({
    queryKey: userKeys.list(unitId),
    queryFn: () => api.get("/api/v1/users", { query: { unitId }, schema: userList }),
  });

export const useUser = (id: string) =>
  useQuery({ queryKey: userKeys.detail(id), queryFn: () => api.get(`/api/v1/users/${encodeURIComponent(id)}`, { schema: user }) });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api.post("/api/v1/users", input, { schema: createUserResponse }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        queryClient.invalidateQueries({ queryKey: unitKeys.all }),
      ]);
    },
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateUserInput) => api.patch(`/api/v1/users/${encodeURIComponent(id)}`, input, { schema: user }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(userKeys.detail(id), updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...userKeys.all, "list"] }),
        queryClient.invalidateQueries({ queryKey: unitKeys.all }),
      ]);
    },
  });
}

export function useUserAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: UserAction) =>
      api.post(`/api/v1/users/${encodeURIComponent(id)}/actions/${action}`, undefined, { schema: userActionResponse }),
    onSuccess: async (result) => {
      queryClient.setQueryData(userKeys.detail(id), result.user);
      await queryClient.invalidateQueries({ queryKey: [...userKeys.all, "list"] });
    },
  });
}
