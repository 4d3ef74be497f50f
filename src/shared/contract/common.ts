import { z } from "zod";

export const errorResponse = z
  .object({
    error: z.string().describe("Machine-readable error code"),
    message: z.string().describe("What went wrong, for people"),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Error" });
export type ErrorResponse = z.infer<typeof errorResponse>;

export const uuid = z.uuid();
export const idParams = z.strictObject({ id: z.uuid() });

/** Opaque keyset cursor: pass back the nextCursor of the previous page. */
export const cursorQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/** The answer of an action that has nothing else to return. */
export const okResponse = z.object({ ok: z.literal(true) });
export const createdResponse = z.object({ id: z.uuid() });

/**
 * Optimistic concurrency: a record edited in forms answers its `version`; a change sends it back as
 * `expectedVersion` and is refused with 409 `edit_conflict` when the record changed meanwhile.
 */
export const recordVersion = z.number().int().min(1).describe("Increases with each change; send it back as expectedVersion");
export const expectedVersion = z
  .number()
  .int()
  .min(1)
  .describe("The version the change is based on (the record's `version` when it was read); 409 edit_conflict when it has changed since");
