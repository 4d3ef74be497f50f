import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

export const totpIssuer = "Waypoint";

export const newTotpSecret = () => generateSecret();

export function totpUri(secret: string, username: string, agencyName: string): string {
  return generateURI({ issuer: totpIssuer, label: `${username} (${agencyName})`, secret });
}

export const totpQrSvg = (uri: string) => QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });

/**
 * Checks a code against the 30-second steps around now (one step of clock drift either way) and
 * returns the step it matched, or null. Steps at or before lastStep are refused: a code works once.
 */
export async function matchTotp(secret: string, code: string, now: Date, lastStep: number | null): Promise<number | null> {
  // A step already used beyond the drift window (the clock was set back) leaves nothing acceptable.
  if (lastStep !== null && lastStep >= Math.floor(now.getTime() / 30_000) + 1) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
