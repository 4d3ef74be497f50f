import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../../config";

/** One e-mail or SMS as it leaves Waypoint. subject is for e-mail only. */
export type OutgoingMessage = { to: string; subject: string; text: string };

/**
 * How a channel's messages leave. A rejected promise is a failed attempt: the delivery stays in the outbox and
 * is retried with back-off. The adapter point for an SMS provider: implement send() with the provider's client
 * (its error on refusal), and return it from createSenders for a new SMS_SENDER value (httpSmsSender is one).
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

/** How long one request to the SMS provider may take before the attempt counts as failed (and is retried). */
const smsRequestTimeoutMs = 15_000;

/**
 * SMS through a provider's REST API, Twilio-style: a form post of To, From and Body with HTTP basic auth (Twilio's
 * Messages.json; Vonage, Plivo and others take the same shape or sit behind a small gateway). A 2xx answer is sent;
 * anything else (a 4xx refusal, a 5xx, no answer) rejects with the provider's own reason, so the delivery is retried
 * with back-off and, after its last attempt, is a dead letter like an e-mail.
 */
export function httpSmsSender(config: Extract<Config["sms"], { kind: "http" }>): Sender {
  const authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}`;
  const host = new URL(config.url).host;
  return {
    async send(message) {
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({ To: message.to, From: config.from, Body: message.text }),
          signal: AbortSignal.timeout(smsRequestTimeoutMs),
          redirect: "error",
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.name : "");
        throw new Error(`SMS provider ${host} could not be reached${cause ? ` (${cause})` : ""}`);
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const reason = await providerReason(response);
      throw new Error(
        `SMS provider ${host} ${response.status < 500 ? "refused the message" : "failed"} (HTTP ${response.status})${reason ? `: ${reason}` : ""}`,
      );
    },
  };
}

/** The provider's own words for a failure: a JSON error's message (Twilio: {"code", "message"}), else the start of its text. */
async function providerReason(response: Response): Promise<string> {
  const text = (await response.text().catch(() => "")).trim();
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; code?: unknown };
    const message = typeof body.message === "string" ? body.message : typeof body.error === "string" ? body.error : null;
    if (message) return `${message}${body.code !== undefined ? ` (code ${String(body.code)})` : ""}`.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, " ").slice(0, 300);
}

function createSmsSender(config: Config["sms"]): Sender | null {
  if (config === null) return null;
  return config.kind === "http" ? httpSmsSender(config) : fileSender(config.dir, "sms");
}

export function createSenders(config: Pick<Config, "email" | "sms">): Senders {
  return {
    email: config.email === null ? null : config.email.kind === "smtp" ? smtpSender(config.email) : fileSender(config.email.dir, "email"),
    sms: createSmsSender(config.sms),
  };
}
