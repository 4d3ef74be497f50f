import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { user } from "../../shared/contract/admin";
import { api } from "./api-client";

export const officerKeys = { unit: ["officers", "unit"] as const };

/** The active officers a supervisor can see (the users of their unit with the officer role). */
export const useUnitOfficers = (enabled: boolean) =>
  useQuery({
    queryKey: officerKeys.unit,
    queryFn: async () => {
      const users = await api.get("/api/v1/users", { schema: z.array(user) });
      return users
        .filter((candidate) => candidate.roles.includes("officer") && candidate.status !== "disabled")
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    },
    enabled,
    staleTime: 5 * 60_000,
  });
