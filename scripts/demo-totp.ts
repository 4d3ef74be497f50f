// Prints the current authenticator code of a demo account: npm run demo:totp -- officer.north1
import { generate } from "otplib";
import { demoAccounts } from "../src/server/bootstrap/demo-accounts";

const username = process.argv[2];
const account = demoAccounts.find((candidate) => candidate.username === username);
if (!account) {
  console.error(`Usage: npm run demo:totp -- <username>\nDemo usernames: ${demoAccounts.map((a) => a.username).join(", ")}`);
  process.exit(2);
}
const code = await generate({ secret: account.totpSecret });
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${code}   (valid for ${secondsLeft} more seconds; each code is accepted once)`);
