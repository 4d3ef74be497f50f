import { createServer, type Server } from "node:net";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Logger } from "pino";
import { isDevicePassword } from "./device-credentials";
import type { DeviceMessageHandler } from "./message-handler";
import { commandsTopic, parseDeviceTopic, serialPattern } from "./topics";

/**
 * The embedded broker (laptop mode, one instance): devices connect to the server itself. Readings are stored inside
 * aedes' authorizePublish hook, before aedes writes the PUBACK to the device (it does so only after that hook calls
 * back): an acknowledged reading is in the database whatever happens to this process next, so the broker's own
 * in-memory persistence never holds a reading that matters (docs/MONITORING.md "## MQTT").
 */
export type EmbeddedBroker = {
  port: number;
  publishCommand(serial: string, payload: string): Promise<void>;
  connectedDevices(): number;
  close(): Promise<void>;
};

export async function startEmbeddedBroker(options: {
  host: string;
  port: number;
  deviceSecret: string;
  handler: DeviceMessageHandler;
  log: Logger;
}): Promise<EmbeddedBroker> {
  const { handler, log } = options;
  // The serial each connection signed in as: it may use only its own topics.
  const serialOf = new WeakMap<Client, string>();
  const broker = await Aedes.createBroker({
    // A device that stops reading its socket is dropped instead of blocking command delivery to others.
    drainTimeout: 30_000,
    authenticate(client, username, password, done) {
      if (username && serialPattern.test(username) && isDevicePassword(options.deviceSecret, username, password)) {
        serialOf.set(client, username);
        return done(null, true);
      }
      const error = new Error("bad device credentials") as AuthenticateError;
      error.returnCode = 4; // bad user name or password
      log.warn({ alert: "mqtt_auth_failed", clientId: client.id, username }, "MQTT device refused: bad credentials");
      done(error, null);
    },
    authorizePublish(client, packet, callback) {
      const serial = client ? serialOf.get(client) : undefined;
      const topic = parseDeviceTopic(packet.topic);
      // Only a device's own readings and replies; a refusal closes its connection (MQTT 3.1.1 has no negative ack).
      if (!serial || !topic || topic.serial !== serial || topic.kind === "commands") {
        return callback(new Error(`device ${serial ?? "?"} may not publish to ${packet.topic}`));
      }
      handler.handle(packet.topic, Buffer.from(packet.payload)).then(
        () => callback(null),
        // Not stored: no PUBACK. The connection closes and the device sends the message again after reconnecting.
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
    authorizeSubscribe(client, subscription, callback) {
      const serial = serialOf.get(client);
      if (!serial || subscription.topic !== commandsTopic(serial)) {
        return callback(new Error(`device ${serial ?? "?"} may subscribe only to its own commands topic`));
      }
      callback(null, subscription);
    },
  });
  broker.on("clientError", (client, error) => log.debug({ clientId: client?.id, err: error }, "MQTT client error"));

  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  return {
    port,
    publishCommand: (serial, payload) =>
      new Promise((resolve, reject) =>
        broker.publish({ cmd: "publish", topic: commandsTopic(serial), payload, qos: 1, retain: false, dup: false }, (error) =>
          error ? reject(error) : resolve(),
        ),
      ),
    connectedDevices: () => broker.connectedClients,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
