import { describe, expect, it } from "vitest";
import { demoPassword } from "../../bootstrap/demo-accounts";
import { hashPassword, passwordProblem, verifyPassword } from "./password-policy";

const user = { username: "jsmith", displayName: "Olivia Ortiz", agencyName: "Demo County Community Supervision" };

describe("password policy", () => {
  it("accepts long passphrases with spaces and any printable characters, without composition rules", () => {
    expect(passwordProblem("correct staple battery moon", user)).toBeNull();
    expect(passwordProblem("ünïcode pässwörd ✓ 2026", user)).toBeNull();
    expect(passwordProblem("granite lantern orchard 4817", user)).toBeNull();
    expect(passwordProblem("a long passphrase with spaces that is sixty-four characters long", user)).toBeNull();
    // The demo accounts' published password still passes (for the demo only: it is public).
    expect(passwordProblem(demoPassword, { username: "officer.north1", displayName: "Olivia Ortiz" })).toBeNull();
  });

  it("refuses, with the reason, short, common, repeated and context passwords", () => {
    expect(passwordProblem("elevenchars", user)).toMatch(/at least 12/);
    expect(passwordProblem("qwerty123456", user)).toMatch(/too easy to guess/);
    expect(passwordProblem("1q2w3e4r5t6y", user)).toMatch(/too easy to guess/);
    expect(passwordProblem("aaaa aaaa aaaa", user)).toMatch(/single character/);
    expect(passwordProblem("My WayPoint login 1", user)).toMatch(/waypoint/);
    expect(passwordProblem("hello JSmith again", user)).toMatch(/username/);
    expect(passwordProblem("z".repeat(1025), user)).toMatch(/at most 1024/);
  });

  it("refuses weak passwords that met the old rules: whitespace only, common patterns, the user's own name", () => {
    expect(passwordProblem(" ".repeat(12), user)).toMatch(/other than spaces/);
    expect(passwordProblem("\t \u00a0".repeat(4), user)).toMatch(/other than spaces/);
    expect(passwordProblem("Password123!", user)).toMatch(/commonly used password; .*add more words/);
    expect(passwordProblem("qwertyuiopasdfgh", user)).toMatch(/too easy to guess/);
    expect(passwordProblem("Olivia Ortiz", user)).toMatch(/your name/);
    expect(passwordProblem("Olivia.Ortiz.1", user)).toMatch(/your name/);
    expect(passwordProblem("demo county supervision", user)).toMatch(/agency name/);
    expect(passwordProblem("Ortiz Olivia 2024", user)).toMatch(/your name/);
    expect(passwordProblem("x".repeat(1) + "y".repeat(127), user)).toMatch(/too easy to guess: repeated characters/);
  });

  it("hashes with argon2id and verifies without truncation", async () => {
    const long = `${"a long passphrase ".repeat(8)}end`;
    const hash = await hashPassword(long);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, long.slice(0, -1))).toBe(false);
  });
});
