import type { Logger } from "pino";
import type { Config } from "../config";
import type { Actor } from "./access/policy";
import type { AuditSource } from "./audit/audit";
import type { Database } from "./db/database";
import type { SecretBox } from "./secrets";

/** Everything outside the code that services depend on; tests pass real pieces and a fake clock. */
export type PlatformDeps = {
  config: Config;
  db: Database;
  clock: () => Date;
  secretBox: SecretBox;
  log: Logger;
};

/** The acting user and where the request came from, built once per request. */
export type RequestContext = {
  actor: Actor | null;
  source: AuditSource;
  now: Date;
  /** An automatic refresh (X-Waypoint-Background: 1): own-data polls write no audit row (see backgroundPollActions). */
  background?: boolean;
};

export function signedInActor(context: RequestContext): Actor {
  if (!context.actor) throw new Error("route reached without a signed-in actor");
  return context.actor;
}
