/**
 * The master keys that wrap every stored secret (signing keys, license keys, webhook secrets).
 * Versioned so the master key itself can rotate: new secrets are wrapped under the current
 * version, old ones stay readable under theirs until `npm run keys:rewrap` moves them.
 *
 * Format of REKEY_MASTER_KEY: comma-separated `v<version>:<base64 of 32 bytes>`, current first,
 * e.g. `v2:…,v1:…`.
 */
export interface MasterKeyRing {
  current: { version: number; key: Buffer };
  byVersion: ReadonlyMap<number, Buffer>;
}

export class MasterKeyError extends Error {}

export function parseMasterKeyRing(value: string): MasterKeyRing {
  const entries = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^v(\d+):([A-Za-z0-9+/_-]+=*)$/.exec(part);
      if (!match)
        throw new MasterKeyError(
          "REKEY_MASTER_KEY must look like v1:<base64 of 32 random bytes> (comma-separated, current first).",
        );
      const key = Buffer.from(match[2]!, "base64");
      if (key.length !== 32)
        throw new MasterKeyError(
          `REKEY_MASTER_KEY version ${match[1]} must be 32 bytes (base64); it is ${key.length}.`,
        );
      return [Number(match[1]), key] as const;
    });
  if (entries.length === 0) throw new MasterKeyError("REKEY_MASTER_KEY is empty.");
  const byVersion = new Map(entries);
  if (byVersion.size !== entries.length) throw new MasterKeyError("REKEY_MASTER_KEY lists the same version twice.");
  const [version, key] = entries[0]!;
  return { current: { version, key }, byVersion };
}

export function formatMasterKeyRing(entries: { version: number; key: Buffer }[]): string {
  return entries.map(({ version, key }) => `v${version}:${key.toString("base64")}`).join(",");
}
