import { readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { generate } from "otplib";
import { inject } from "vitest";

const periodSeconds = 30;
const currentStep = () => Math.floor(Date.now() / 1000 / periodSeconds);

function readSteps(): Record<string, number> {
  return JSON.parse(readFileSync(inject("totpStateFile"), "utf8")) as Record<string, number>;
}

/**
 * A code for the next TOTP step this user has not used yet. The server accepts the current step ±1
 * and refuses steps at or before the last one it accepted, so this uses max(current, last + 1) and
 * waits only when that step is still more than one step ahead. Steps are remembered per server and
 * user in a file shared by every test file (they run in separate workers).
 */
export async function nextTotpCode(secret: string, key: string): Promise<string> {
  for (;;) {
    const steps = readSteps();
    const now = currentStep();
    const step = Math.max(now, (steps[key] ?? Number.NEGATIVE_INFINITY) + 1);
    if (step <= now + 1) {
      steps[key] = step;
      writeFileSync(inject("totpStateFile"), JSON.stringify(steps));
      return generate({ secret, epoch: step * periodSeconds });
    }
    const untilNextStep = (now + 1) * periodSeconds * 1000 - Date.now();
    await sleep(Math.max(50, untilNextStep + 50));
  }
}

/** A six-digit code that is not valid for any step the server would accept now. */
export async function wrongTotpCode(secret: string): Promise<string> {
  const now = currentStep();
  const valid = new Set(await Promise.all([-2, -1, 0, 1, 2].map((offset) => generate({ secret, epoch: (now + offset) * periodSeconds }))));
  let candidate = Number.parseInt([...valid][0] ?? "0", 10);
  let code: string;
  do {
    candidate = (candidate + 111_111) % 1_000_000;
    code = String(candidate).padStart(6, "0");
  } while (valid.has(code));
  return code;
}
