import type { Logger } from "pino";
import type { Database } from "./db/database";

/** The channel every instance listens on; a payload is `{"userId": …, "event": …}` (see notifications.queries.ts). */
export const liveChannel = "waypoint_live";

export type LiveMessage = { userId: string; event: string };
type Subscriber = (message: LiveMessage) => void;

/**
 * Fans database notifications out to this instance's open streams, by user. One LISTEN connection per instance,
 * whatever the number of streams; a NOTIFY sent in a transaction reaches every instance when it commits, so a
 * notification created through one instance reaches a browser connected to another. When the listening
 * connection was lost and is back, every stream is woken to catch up (its query reads from its last event id).
 */
export type LiveHub = {
  subscribe(userId: string, subscriber: Subscriber): () => void;
  /** Streams open on this instance. */
  readonly size: number;
  close(): Promise<void>;
};

export async function createLiveHub(db: Pick<Database, "listen">, log: Logger): Promise<LiveHub> {
  const byUser = new Map<string, Set<Subscriber>>();
  const deliver = (message: LiveMessage) => {
    for (const subscriber of byUser.get(message.userId) ?? []) subscriber(message);
  };
  const stop = await db.listen(
    liveChannel,
    (payload) => {
      try {
        const message = JSON.parse(payload) as LiveMessage;
        if (typeof message.userId === "string" && typeof message.event === "string") deliver(message);
      } catch (error) {
        log.warn({ err: error }, "ignored a malformed live message");
      }
    },
    () => {
      log.info("live listener reconnected; streams catch up");
      for (const [userId] of byUser) deliver({ userId, event: "catch-up" });
    },
  );
  let size = 0;
  return {
    subscribe(userId, subscriber) {
      const set = byUser.get(userId) ?? new Set<Subscriber>();
      byUser.set(userId, set);
      set.add(subscriber);
      size++;
      return () => {
        if (!set.delete(subscriber)) return;
        size--;
        if (set.size === 0) byUser.delete(userId);
      };
    },
    get size() {
      return size;
    },
    close: stop,
  };
}
