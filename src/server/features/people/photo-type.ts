/** The image formats a photo may be, recognised by their first bytes ("magic numbers"), never by a declared type. */
export type PhotoType = "image/jpeg" | "image/png" | "image/webp";

const startsWith = (bytes: Buffer, prefix: number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, index) => bytes[at + index] === byte);

/** JPEG FF D8 FF; PNG 89 "PNG" 0D 0A 1A 0A; WebP "RIFF" size "WEBP". Anything else (SVG, HTML, a script) is refused. */
export function photoTypeOf(bytes: Buffer): PhotoType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}
