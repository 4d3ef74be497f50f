import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ingestResult, maxReadingsPerBatch } from "../../../../shared/contract/monitoring-ingest";
import { AppError } from "../../../platform/errors";

/** A batch body larger than this is refused (413) before it is read further. */
export const maxBatchBytes = 16 * 1024 * 1024;

/**
 * The body's bytes kept out of sight of generic hooks (the NUL guard walks a parsed body's entries; a private field
 * has none): the signature is checked on these exact bytes before anything is parsed.
 */
export class RawBatch {
  readonly #bytes: Buffer;
  readonly #ndjson: boolean;
  constructor(bytes: Buffer, ndjson: boolean) {
    this.#bytes = bytes;
    this.#ndjson = ndjson;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
  get ndjson(): boolean {
    return this.#ndjson;
  }
}

export type ReadingsEndpoint = {
  /** Checks the gateway's key, timestamp and signature (401 otherwise); answers its agency. */
  authenticate(headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<{ agencyId: string }>;
  ingest(
    readings: readonly unknown[],
    agencyId: string,
  ): Promise<{
    stored: number;
    duplicates: number;
    errors: { index: number; deviceId: string | null; sequence: number | null; message: string }[];
  }>;
};

/**
 * Parses a batch: a JSON array, or NDJSON (one reading per line; a line that is not JSON is an error of that reading,
 * numbered by its position among the non-empty lines).
 */
export function parseBatch(batch: RawBatch): { readings: unknown[]; lineErrors: { index: number; message: string }[] } {
  const text = batch.bytes.toString("utf8");
  if (!batch.ndjson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError(
        "bad_request",
        "The request body is not valid JSON: send a JSON array of readings, or NDJSON with Content-Type application/x-ndjson.",
      );
    }
    if (!Array.isArray(parsed)) throw new AppError("bad_request", "The request body must be a JSON array of readings.");
    return { readings: parsed, lineErrors: [] };
  }
  const readings: unknown[] = [];
  const lineErrors: { index: number; message: string }[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    try {
      readings.push(JSON.parse(trimmed));
    } catch {
      lineErrors.push({ index: readings.length, message: "this line is not valid JSON" });
      readings.push(undefined);
    }
  }
  return { readings, lineErrors };
}

/**
 * POST /api/monitoring/readings: machine to machine. No user session (access "public"): each batch is authenticated by
 * its gateway's API key and HMAC signature instead (gateways.ts; the scheme is in docs/MONITORING.md).
 */
export function ingestRoutes(endpoint: ReadingsEndpoint) {
  return async (app: FastifyInstance) => {
    // Only this plugin's routes get the raw bytes (the signature covers them exactly).
    app.addContentTypeParser(
      ["application/json", "application/x-ndjson", "application/ndjson"],
      { parseAs: "buffer", bodyLimit: maxBatchBytes },
      (request, body, done) => done(null, new RawBatch(body as Buffer, String(request.headers["content-type"] ?? "").includes("ndjson"))),
    );
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      "/readings",
      {
        bodyLimit: maxBatchBytes,
        config: { access: "public" },
        schema: {
          tags: ["monitoring"],
          summary:
            "A vendor gateway's batch of telemetry readings (JSON array or NDJSON), signed with the gateway's key and HMAC secret; answers what was stored, the duplicates and each refused reading",
          security: [],
          response: { 200: ingestResult },
        },
      },
      async (request) => {
        if (!(request.body instanceof RawBatch)) {
          throw new AppError(
            "bad_request",
            "Send the readings as application/json (an array) or application/x-ndjson (one reading per line).",
          );
        }
        const batch = request.body;
        const { agencyId } = await endpoint.authenticate(request.headers, batch.bytes);
        const { readings, lineErrors } = parseBatch(batch);
        if (readings.length > maxReadingsPerBatch) {
          throw new AppError(
            "payload_too_large",
            `A batch may hold at most ${maxReadingsPerBatch} readings; this one has ${readings.length}. Split it.`,
          );
        }
        const result = await endpoint.ingest(readings, agencyId);
        if (lineErrors.length === 0) return result;
        // Unparsable lines reached the pipeline as undefined: name them for what they are.
        const byIndex = new Map(lineErrors.map((error) => [error.index, error.message]));
        return {
          ...result,
          errors: result.errors.map((error) => (byIndex.has(error.index) ? { ...error, message: byIndex.get(error.index)! } : error)),
        };
      },
    );
  };
}
