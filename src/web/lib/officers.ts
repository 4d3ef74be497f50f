import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api, lazySchema } from "./api-client";

// Only a supervisor's caseload asks: the admin contract's schemas load then, not in every first chunk.
const userList = lazySchema(() => import("../../shared/contract/admin").then((module) => z.array(module.user)));

export const officerKeys = { unit: ["officers", "unit"] as const };

/** The active officers a supervisor can see (the users of their unit with the officer role). */
export const useUnitOfficers = (enabled: boolean) =>
  useQuery({
    queryKey: officerKeys.unit,
    queryFn: async () => {
      const users = await api.get("/api/v1/users", { schema: userList });
      return users
        .filter((candidate) => candidate.roles.includes("officer") && candidate.status !== "disabled")
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    },
    enabled,
    staleTime: 5 * 60_000,
  });
