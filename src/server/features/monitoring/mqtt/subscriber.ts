import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { DeviceMessageHandler } from "./message-handler";
import { allReadings, allReplies, commandsTopic, sharedTopic } from "./topics";

/**
 * Waypoint as a subscriber of an external broker (MQTT_URL). QoS 1 and a persistent session (clean: false, a stable
 * client id, MQTT 5 session expiry), so messages published while this instance is away wait at the broker; with a
 * shared-subscription group each message goes to one instance of the group. The PUBACK to the broker is sent only once
 * the readings are stored (customHandleAcks); when storing fails nothing is acked and the connection is recycled after
 * a pause so the broker redelivers (a broker resends unacknowledged messages only on a new connection).
 */
export type MqttSubscriber = {
  publishCommand(serial: string, payload: string): Promise<void>;
  /** Resolves once subscribed (first connection). */
  ready: Promise<void>;
  close(): Promise<void>;
  client: MqttClient;
};

/** A session kept for a week at the broker while the instance is away (MQTT 5; 3.1.1 sessions do not expire). */
const sessionExpirySeconds = 7 * 24 * 3600;

export function startMqttSubscriber(options: {
  url: string;
  clientId: string;
  sharedGroup: string | null;
  handler: DeviceMessageHandler;
  log: Logger;
  /** Pause after a failed store before reconnecting for the redelivery (the database may be down). */
  retryAfterMs?: number;
  reconnectPeriodMs?: number;
}): MqttSubscriber {
  const { handler, log } = options;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  // Shared subscriptions are MQTT 5; without a group 3.1.1 is enough and more brokers speak it.
  const protocolVersion = options.sharedGroup ? 5 : 4;
  const pending = new Set<Promise<void>>();
  let recycleTimer: NodeJS.Timeout | null = null;
  let closing = false;

  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    clean: false,
    protocolVersion,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: sessionExpirySeconds } } : {}),
    reconnectPeriod: options.reconnectPeriodMs ?? 2_000,
    resubscribe: true,
    customHandleAcks(topic, message, _packet, done) {
      const work = handler.handle(topic, message).then(
        () => done(0),
        (error: unknown) => {
          done(error instanceof Error ? error : new Error(String(error)));
          scheduleRecycle();
        },
      );
      pending.add(work);
      void work.finally(() => pending.delete(work));
    },
  });
  // failCustomAck (no PUBACK) surfaces as an 'error' event: logged by the handler already.
  client.on("error", (error) => log.debug({ err: error }, "MQTT subscriber error"));
  client.on("offline", () => log.warn({ alert: "mqtt_offline", url: redacted(options.url) }, "MQTT broker unreachable; reconnecting"));

  function scheduleRecycle() {
    if (recycleTimer || closing) return;
    recycleTimer = setTimeout(() => {
      recycleTimer = null;
      if (closing) return;
      // Dropping the socket makes the client reconnect with its session; the broker then resends what it has not had acked.
      client.stream?.destroy();
    }, retryAfterMs);
    recycleTimer.unref();
  }

  const topics = [sharedTopic(options.sharedGroup, allReadings), sharedTopic(options.sharedGroup, allReplies)];
  const ready = new Promise<void>((resolve, reject) => {
    const onConnect = () => {
      // Subscribing again on every connection costs nothing and repairs a session the broker lost.
      client.subscribe(topics, { qos: 1 }, (error, granted) => {
        if (error) return reject(error);
        const refused = (granted ?? []).filter((grant) => grant.qos > 2);
        if (refused.length > 0)
          return reject(new Error(`the MQTT broker refused the subscription to ${refused.map((g) => g.topic).join(", ")}`));
        log.info({ topics, clientId: options.clientId }, "MQTT subscriber ready");
        resolve();
      });
    };
    client.on("connect", onConnect);
  });
  void ready.catch((error) => log.error({ alert: "mqtt_subscribe_failed", err: error }, "MQTT subscription refused"));

  return {
    client,
    ready,
    publishCommand: async (serial, payload) => {
      await client.publishAsync(commandsTopic(serial), payload, { qos: 1 });
    },
    close: async () => {
      closing = true;
      if (recycleTimer) clearTimeout(recycleTimer);
      // Let the messages being stored finish, so their PUBACKs go out before the session closes.
      await Promise.allSettled([...pending]);
      await client.endAsync();
    },
  };
}

function redacted(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
