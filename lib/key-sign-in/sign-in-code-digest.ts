import type { KeyedHasher } from "@/lib/crypto";

/**
 * A sign-in code at rest: a keyed digest bound to its row, so the table alone (a backup, a leaked
 * read) gives nobody a code, and a digest copied to another row matches nothing.
 */
export function signInCodeDigest(hasher: KeyedHasher, codeId: string, code: string): string {
  return hasher.digest("license-key-sign-in-code", `${codeId}\n${code}`);
}
