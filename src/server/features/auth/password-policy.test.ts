import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password-policy";

const user = { username: "jsmith" };

describe("password policy", () => {
  it("accepts long passphrases with spaces and any printable characters, without composition rules", () => {
    expect(passwordProblem("correct staple battery moon", user)).toBeNull();
    expect(passwordProblem("ünïcode pässwörd ✓ 2026", user)).toBeNull();
    expect(passwordProblem("x".repeat(1) + "y".repeat(127), user)).toBeNull();
  });

  it("refuses, with the reason, short, common, repeated and context passwords", () => {
    expect(passwordProblem("elevenchars", user)).toMatch(/at least 12/);
    expect(passwordProblem("qwerty123456", user)).toMatch(/commonly used/);
    expect(passwordProblem("1q2w3e4r5t6y", user)).toMatch(/commonly used/);
    expect(passwordProblem("aaaa aaaa aaaa", user)).toMatch(/single character/);
    expect(passwordProblem("My WayPoint login 1", user)).toMatch(/waypoint/);
    expect(passwordProblem("hello JSmith again", user)).toMatch(/username/);
    expect(passwordProblem("z".repeat(1025), user)).toMatch(/at most 1024/);
  });

  it("hashes with argon2id and verifies without truncation", async () => {
    const long = `${"a long passphrase ".repeat(8)}end`;
    const hash = await hashPassword(long);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, long.slice(0, -1))).toBe(false);
  });
});
