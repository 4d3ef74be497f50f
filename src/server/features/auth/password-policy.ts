import { dictionary } from "@zxcvbn-ts/language-common";
import argon2 from "argon2";

export const passwordMinLength = 12;
export const passwordMaxLength = 1024;

// ~49,000 passwords seen most often in breaches, bundled with zxcvbn-ts (no network lookup).
const commonPasswords = new Set((dictionary as Record<string, string[]>)["passwords-common"]?.map((entry) => entry.toLowerCase()) ?? []);

/** Returns why a password is refused, or null when it is acceptable. No composition rules (ASVS 6.2.5). */
export function passwordProblem(password: string, context: { username: string; displayName?: string }): string | null {
  const length = [...password].length;
  if (length < passwordMinLength) return `must be at least ${passwordMinLength} characters`;
  if (length > passwordMaxLength) return `must be at most ${passwordMaxLength} characters`;
  const folded = password.toLowerCase();
  const squeezed = folded.replace(/\s+/g, "");
  if (commonPasswords.has(folded) || commonPasswords.has(squeezed)) return "is on the list of commonly used passwords";
  if (/^(.)\1*$/u.test(squeezed)) return "repeats a single character";
  if (squeezed.includes("waypoint")) return 'must not contain the name of the system ("waypoint")';
  if (context.username.length >= 3 && squeezed.includes(context.username.toLowerCase())) {
    return "must not contain your username";
  }
  return null;
}

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password).catch(() => false);

// Verifying against a fixed hash for unknown usernames keeps response time from revealing which accounts exist.
let unknownUserHash: Promise<string> | undefined;
export async function spendVerificationTime(password: string): Promise<void> {
  unknownUserHash ??= hashPassword("an account that does not exist");
  await verifyPassword(await unknownUserHash, password);
}
