import { z } from "zod";

export const liveness = z.object({ status: z.literal("ok") });
export const readiness = z.object({ status: z.enum(["ready", "not ready"]), database: z.string(), pendingMigrations: z.array(z.string()) });
