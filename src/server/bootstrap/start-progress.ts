// What the server prints while it starts: a first start creates the database, migrates and loads the demo data,
// which takes long enough that silence looks like a hang.

/** Prints the step when it begins and how long it took when it ends; `done` may add what it did. */
export async function startStep<T>(label: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T> {
  const started = performance.now();
  console.log(`${label}…`);
  const result = await work();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const detail = done?.(result);
  console.log(`  done in ${seconds} s${detail ? `: ${detail}` : ""}`);
  return result;
}

/**
 * The web app's build when `npm start` runs it beside the database's preparation (scripts/start.ts): the server
 * waits for it before it serves, so the two share the machine's cores instead of taking turns.
 */
export const webBuild: { pending: Promise<void> } = { pending: Promise.resolve() };
