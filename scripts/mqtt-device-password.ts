// npm run mqtt:device-password -- SERIAL [SERIAL…]: each device's password for the embedded MQTT broker (user name:
// the serial), derived from MQTT_DEVICE_SECRET or the server's secret key, with the same environment as the server.
import { loadConfig } from "../src/server/config";
import { devicePassword } from "../src/server/features/monitoring/mqtt/device-credentials";

const serials = process.argv.slice(2).filter((argument) => argument !== "--");
const mqtt = loadConfig().mqtt;
if (serials.length === 0 || mqtt?.kind !== "embedded") {
  console.error(
    mqtt?.kind === "embedded"
      ? "usage: npm run mqtt:device-password -- SERIAL [SERIAL…]"
      : "The embedded MQTT broker is not in use here (MQTT_URL or MQTT_ENABLED=false): the external broker has its own device accounts.",
  );
  process.exit(2);
}
for (const serial of serials) console.log(`${serial}\t${devicePassword(mqtt.deviceSecret, serial)}`);
