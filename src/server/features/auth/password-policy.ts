import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import argon2 from "argon2";

export const passwordMinLength = 12;
export const passwordMaxLength = 1024;
/** zxcvbn score 0–4; 3 means "safely unguessable: moderate protection from offline slow-hash attacks" (~10^8 guesses). */
export const passwordMinScore = 3;

// Strength estimate against ~30,000 breached passwords, common names and words and keyboard patterns,
// all bundled with zxcvbn-ts (no network lookup). Levenshtein also catches near-misses ("Passw0rd123!").
const strength = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary: { ...dictionary }, useLevenshteinDistance: true });

// zxcvbn answers with translation keys; these are the English sentences shown to the user.
const warnings: Record<string, string> = {
  straightRow: "rows of keys on the keyboard are easy to guess",
  keyPattern: "short keyboard patterns are easy to guess",
  simpleRepeat: 'repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'repeated patterns like "abcabcabc" are easy to guess',
  sequences: 'common sequences like "abc" are easy to guess',
  recentYears: "recent years are easy to guess",
  dates: "dates are easy to guess",
  topTen: "it is one of the ten most used passwords",
  topHundred: "it is one of the hundred most used passwords",
  common: "it is a commonly used password",
  similarToCommon: "it is too similar to a commonly used password",
  wordByItself: "single words are easy to guess",
  namesByThemselves: "single names or surnames are easy to guess",
  commonNames: "common names and surnames are easy to guess",
  userInputs: "it contains your name, username or words about this system",
};
// Capitalisation advice is left out: it is a composition rule in disguise (ASVS 6.2.5); more words help more.
const suggestions: Record<string, string> = {
  l33t: 'avoid predictable letter substitutions like "@" for "a"',
  reverseWords: "avoid reversed spellings of common words",
  dates: "avoid dates and years that are associated with you",
  recentYears: "avoid recent years",
  associatedYears: "avoid years that are associated with you",
  sequences: "avoid common character sequences",
  repeated: "avoid repeated words and characters",
  longerKeyboardPattern: "use longer keyboard patterns and change typing direction several times",
  anotherWord: "add more words that are less common",
  useWords: "use several unrelated words",
};

export type PasswordContext = { username: string; displayName?: string; agencyName?: string };

/** The user's own words: a password built from them is guessable by anyone who knows the user. */
function ownWords(context: PasswordContext): string[] {
  const phrases = [context.username, context.displayName ?? "", context.agencyName ?? "", "waypoint"].map((phrase) => phrase.toLowerCase());
  const words = phrases.flatMap((phrase) => phrase.split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 3);
  // Whole phrases too, with and without spaces: zxcvbn does not split "Olivia Ortiz" at the space.
  return [...new Set([...phrases, ...phrases.map((phrase) => phrase.replace(/\s+/g, "")), ...words].filter((word) => word.length >= 3))];
}

function explain(result: ZxcvbnResult): string {
  const warning = result.feedback.warning ? warnings[result.feedback.warning] : undefined;
  const advice = result.feedback.suggestions.map((key) => suggestions[key]).filter(Boolean);
  const because = warning ? `is too easy to guess: ${warning}` : "is too easy to guess";
  return `${because}; ${advice.length > 0 ? advice.join(", ") : "add more words that are less common"} (a few unrelated words make a good passphrase)`;
}

/** Returns why a password is refused, or null when it is acceptable. No composition rules (ASVS 6.2.5). */
export function passwordProblem(password: string, context: PasswordContext): string | null {
  const length = [...password].length;
  if (length < passwordMinLength) return `must be at least ${passwordMinLength} characters`;
  if (length > passwordMaxLength) return `must be at most ${passwordMaxLength} characters`;
  const squeezed = password.toLowerCase().replace(/\s+/g, "");
  if (squeezed.length === 0) return "must contain characters other than spaces";
  if (/^(.)\1*$/u.test(squeezed)) return "repeats a single character";
  if (squeezed.includes("waypoint")) return 'must not contain the name of the system ("waypoint")';
  if (context.username.length >= 3 && squeezed.includes(context.username.toLowerCase())) return "must not contain your username";
  const lettersOnly = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const name = lettersOnly(context.displayName ?? "");
  if (name.length >= 3 && lettersOnly(password).includes(name)) return "must not contain your name";
  const inputs = ownWords(context);
  // zxcvbn rates two or three own words plus a year near the threshold ("ortiz olivia 2024"): refuse them outright.
  const withoutOwnWords = inputs.reduce((rest, word) => rest.replaceAll(lettersOnly(word), ""), lettersOnly(password));
  if (withoutOwnWords.replace(/\p{N}+/gu, "").length < 4) return "is made of your name, username or agency name: add unrelated words";
  // Spaces add little: "pass word 123" is as weak as "password123", so the weaker of both counts.
  const results = [strength.check(password, inputs), strength.check(password.replace(/\s+/g, ""), inputs)];
  const weakest = results.reduce((low, result) => (result.score < low.score ? result : low));
  return weakest.score < passwordMinScore ? explain(weakest) : null;
}

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password).catch(() => false);

// Verifying against a fixed hash for unknown usernames keeps response time from revealing which accounts exist.
let unknownUserHash: Promise<string> | undefined;
export async function spendVerificationTime(password: string): Promise<void> {
  unknownUserHash ??= hashPassword("an account that does not exist");
  await verifyPassword(await unknownUserHash, password);
}
