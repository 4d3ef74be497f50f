import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Queryable } from "../../../platform/db/database";
import { AppError } from "../../../platform/errors";
import { type SecretBox, sha256Hex } from "../../../platform/secrets";
import * as queries from "./ingest.queries";

// Vendor gateways authenticate each batch with an API key (stored as its SHA-256) and an HMAC-SHA256 signature of
// "<timestamp>.<raw body>" under the gateway's secret (sealed with the server key). The scheme, for vendors, is in
// docs/MONITORING.md (## Ingest).

export const gatewayHeaders = { key: "x-waypoint-key", timestamp: "x-waypoint-timestamp", signature: "x-waypoint-signature" } as const;

/** A signed request's timestamp may be this far from the server clock (either way). */
export const signatureToleranceSeconds = 300;

export type NewGateway = { id: string; apiKey: string; secret: string };

/** Creates a gateway and answers its key and secret: the only time they exist in the clear. */
export async function createGateway(
  db: Queryable,
  secretBox: SecretBox,
  gateway: { agencyId: string; name: string; createdBy?: string | null },
): Promise<NewGateway> {
  const apiKey = `wpk_${randomBytes(24).toString("base64url")}`;
  const secret = randomBytes(32).toString("base64url");
  const id = await queries.insertGateway(db, {
    agencyId: gateway.agencyId,
    name: gateway.name,
    apiKeyHash: sha256Hex(apiKey),
    hmacSecretSealed: secretBox.seal(secret),
    createdBy: gateway.createdBy ?? null,
  });
  return { id, apiKey, secret };
}

/** The signature a gateway sends for a body at a timestamp (unix seconds): hex HMAC-SHA256 of "<timestamp>.<body>". */
export function signBatch(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

const refuse = (message: string) => new AppError("unauthenticated", message);

/**
 * Checks a batch's key, timestamp and signature; answers the gateway's agency. Any failure is a 401 saying which
 * part is wrong (a key that matches no gateway and a bad signature are told apart: neither reveals a secret).
 */
export async function authenticateGateway(
  db: Queryable,
  secretBox: SecretBox,
  request: { headers: Record<string, string | string[] | undefined>; body: Buffer },
  now: Date,
): Promise<{ gatewayId: string; agencyId: string }> {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === "string" ? value.trim() : undefined;
  };
  const key = header(gatewayHeaders.key);
  const timestamp = header(gatewayHeaders.timestamp);
  const signature = header(gatewayHeaders.signature);
  if (!key) throw refuse(`The ${gatewayHeaders.key} header with the gateway's API key is missing.`);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
    throw refuse(`The ${gatewayHeaders.timestamp} header must be the signing time in whole seconds since 1970-01-01 UTC.`);
  }
  if (Math.abs(Number(timestamp) - now.getTime() / 1000) > signatureToleranceSeconds) {
    throw refuse(
      `The ${gatewayHeaders.timestamp} is more than ${signatureToleranceSeconds} seconds from the server's clock; sign the batch again.`,
    );
  }
  if (!signature || !/^sha256=[0-9a-f]{64}$/i.test(signature)) {
    throw refuse(`The ${gatewayHeaders.signature} header must be "sha256=" followed by the hex HMAC-SHA256 of "<timestamp>.<body>".`);
  }
  const gateway = await queries.gatewayByKeyHash(db, sha256Hex(key));
  if (!gateway?.active) throw refuse("The API key matches no active gateway.");
  const expected = Buffer.from(signBatch(secretBox.open(gateway.hmac_secret_sealed), timestamp, request.body).toLowerCase());
  const given = Buffer.from(signature.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw refuse("The signature does not match the body: sign the exact bytes sent, with the gateway's secret.");
  }
  await queries.touchGateway(db, gateway.id, now);
  return { gatewayId: gateway.id, agencyId: gateway.agency_id };
}
