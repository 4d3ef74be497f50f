import type { Logger } from "pino";
import type { Config } from "../config";
import type { Actor } from "./access/policy";
import type { AuditSource } from "./audit/audit";
import type { Database } from "./db/database";
import { unauthenticated } from "./errors";
import type { SecretBox } from "./secrets";

/** Everything outside the code that services depend on; tests pass real pieces and a fake clock. */
export type PlatformDeps = {
  config: Config;
  db: Database;
  clock: () => Date;
  secretBox: SecretBox;
  log: Logger;
};

/**
 * What a feature's service gets: everything but a raw database handle. Its data is reached only through
 * guarded() work (guard.tx), so every read and write passes an access decision. The named exceptions that
 * take PlatformDeps are listed in docs/ARCHITECTURE.md and enforced by platform/access/structure.test.ts.
 */
export type FeatureDeps = Omit<PlatformDeps, "db"> & { readonly db: GuardedDatabase };

/** The database as a feature sees it: which engine runs, and nothing to query with. */
export type GuardedDatabase = Pick<Database, "kind">;

/** The acting user and where the request came from, built once per request. */
export type RequestContext = {
  actor: Actor | null;
  source: AuditSource;
  now: Date;
  /** An automatic refresh (X-Waypoint-Background: 1): own-data polls write no audit row (see backgroundPollActions). */
  background?: boolean;
  /**
   * A read (GET or HEAD): guarded work runs on one connection without BEGIN/COMMIT and refuses to write; its audit
   * row is written last, so nothing is answered unless it was recorded. Two round trips fewer for most requests.
   */
  readOnly?: boolean;
};

export function signedInActor(context: RequestContext): Actor {
  // Authentication normally stops such a request first; if a route is misconfigured it is still a 401, not a 500.
  if (!context.actor) throw unauthenticated();
  return context.actor;
}
