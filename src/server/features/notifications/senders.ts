import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../../config";

/** One e-mail or SMS as it leaves Waypoint. subject is for e-mail only. */
export type OutgoingMessage = { to: string; subject: string; text: string };

/**
 * How a channel's messages leave. A rejected promise is a failed attempt: the delivery stays in the outbox and
 * is retried with back-off. The adapter point for an SMS provider: implement send() with the provider's client
 * (its error on refusal), and return it from createSenders for a new SMS_SENDER value.
 */
export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

export type Senders = { email: Sender | null; sms: Sender | null };

/** E-mail through the configured SMTP server (nodemailer); a refusal or an unreachable server rejects. */
function smtpSender(config: Extract<Config["email"], { kind: "smtp" }>): Sender {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? "" } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}

/** Development: each message is a line of JSON in DATA_DIR/outbox/<channel>.jsonl, to read instead of a mailbox or phone. */
export function fileSender(dir: string, channel: "email" | "sms"): Sender {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      await appendFile(join(dir, `${channel}.jsonl`), `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`, { mode: 0o600 });
    },
  };
}

export function createSenders(config: Pick<Config, "email" | "sms">): Senders {
  return {
    email: config.email === null ? null : config.email.kind === "smtp" ? smtpSender(config.email) : fileSender(config.email.dir, "email"),
    sms: config.sms === null ? null : fileSender(config.sms.dir, "sms"),
  };
}
