import pino, { type DestinationStream, type Logger } from "pino";

/** Secrets that travel in a URL: the calendar feed's token (in its path, or a `token` query parameter). */
export function redactUrl(url: string): string {
  return url.replace(/(\/calendar\/)[^/?#]+?(\.ics)?(?=[?#]|$)/, "$1[redacted]$2").replace(/([?&]token=)[^&#]*/gi, "$1[redacted]");
}

// Fastify's request serializer, with the URL's secrets redacted (Fastify merges these over its own).
const serializers = {
  req(request: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
    return {
      method: request.method,
      url: request.url === undefined ? undefined : redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
};

// Cookies, CSRF tokens, passwords and tokens in URLs never reach the log.
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      serializers,
      redact: {
        paths: [
          "req.headers.cookie",
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          "*.password",
          "*.newPassword",
          "*.currentPassword",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
