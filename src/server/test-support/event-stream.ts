import { request } from "node:http";

export type StreamEvent = { id: string | null; event: string; data: string };

/**
 * A real HTTP client of a Server-Sent Events stream (as a browser's EventSource reads it): the events received so
 * far, and a wait for the next one that matches, event-driven with its own limit (well under a test's timeout).
 */
export type EventStreamClient = {
  status: number;
  events: StreamEvent[];
  /** Comment lines (": heartbeat") received so far. */
  comments: number;
  next(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
};

export function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: "text/event-stream", ...headers } }, (response) => {
      const events: StreamEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = "";
      let endStream: () => void = () => {};
      const ended = new Promise<void>((done) => {
        endStream = done;
      });
      const client: EventStreamClient = {
        status: response.statusCode ?? 0,
        events,
        comments: 0,
        ended,
        next(match, timeoutMs = 10_000) {
          const seen = events.length;
          return new Promise((found, fail) => {
            let from = 0;
            const check = () => {
              const hit = events.slice(from).find(match);
              from = events.length;
              if (!hit) return false;
              waiters.delete(check);
              clearTimeout(timer);
              found(hit);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event within ${timeoutMs} ms (had ${seen}, now ${events.length}: ${JSON.stringify(events)})`));
            }, timeoutMs);
            if (!check()) waiters.add(check);
          });
        },
        close: () => req.destroy(),
      };
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const event: StreamEvent = { id: null, event: "message", data: "" };
          let fields = 0;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) {
              client.comments++;
              continue;
            }
            const [name, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (name === "id") event.id = value;
            else if (name === "event") event.event = value;
            else if (name === "data") event.data = value;
            else continue;
            fields++;
          }
          if (fields > 0 && (event.data !== "" || event.event !== "message")) events.push(event);
          for (const waiter of [...waiters]) waiter();
        }
      });
      response.on("end", endStream);
      response.on("close", endStream);
      resolve(client);
    });
    req.on("error", reject);
    req.end();
  });
}
