import { describe, expect, it } from "vitest";
import { formatJobError, jobKindLabel, jobProgressLabel, jobStatusLabel } from "./job-labels";

describe("background jobs in words", () => {
  it("names a job by what it does, never by its kind code", () => {
    expect(jobKindLabel("periodic:daily random drug-test draw")).toBe("Daily random drug-test draw (runs regularly)");
    expect(jobKindLabel("supervision-event.deliver", "tasks")).toBe("Delivering a supervision event to the task list");
    expect(jobKindLabel("supervision-event.deliver", "incentives")).toBe("Delivering a supervision event to incentives");
    expect(jobKindLabel("report.render")).toBe("Report render");
  });

  it("keeps the first line of an error, without its stack or prefix, as a sentence cut short when long", () => {
    expect(formatJobError("Error: connection terminated unexpectedly\n    at Client.query (pg.js:1)")).toBe(
      "Connection terminated unexpectedly.",
    );
    expect(formatJobError("TypeError: x is not a function")).toBe("X is not a function.");
    expect(formatJobError("\n\n")).toBe("It failed without saying why.");
    expect(formatJobError(null)).toBeNull();
    const long = formatJobError("a".repeat(1_000))!;
    expect(long).toHaveLength(240);
    expect(long.endsWith("…")).toBe(true);
  });

  it("says where a job stands and how far it got", () => {
    expect(jobStatusLabel({ status: "queued", attempts: 1, maxAttempts: 5, failed: true })).toBe(
      "Waiting to try again (attempt 1 of 5 failed)",
    );
    expect(jobStatusLabel({ status: "queued", attempts: 0, maxAttempts: 5, failed: false })).toBe("Waiting to start");
    expect(jobProgressLabel({ done: 1_500, total: 3_000, note: "reading rows" })).toBe("1,500 of 3,000 done (50%): reading rows");
    expect(jobProgressLabel({ done: 0, total: 0, note: null })).toBeNull();
    expect(jobProgressLabel(null)).toBeNull();
  });
});
