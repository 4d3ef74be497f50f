import { inject } from "vitest";
import { demoAccounts, demoPassword } from "../../src/server/bootstrap/demo-accounts";

export { demoPassword };

export function demoAccount(username: string) {
  const account = demoAccounts.find((candidate) => candidate.username === username);
  if (!account) throw new Error(`No demo account ${username}`);
  return account;
}

/** The authenticator secret the server at baseUrl generated for this demo account (printed at its start-up). */
export function demoTotpSecret(baseUrl: string, username: string): string {
  const secret = inject("demoTotpSecrets")[baseUrl]?.[username];
  if (!secret) throw new Error(`The server at ${baseUrl} printed no TOTP secret for ${username}`);
  return secret;
}
