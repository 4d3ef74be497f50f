import { demoAccounts, demoPassword } from "../../src/server/bootstrap/demo-accounts";

export { demoPassword };

export function demoAccount(username: string) {
  const account = demoAccounts.find((candidate) => candidate.username === username);
  if (!account) throw new Error(`No demo account ${username}`);
  return account;
}
