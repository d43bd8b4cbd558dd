import { constantTimeEqual, type KeyedHasher } from "@/lib/crypto";
import { DomainError, NotFound } from "@/lib/errors";
import { DOWNLOAD_LINK_TTL_SECONDS } from "./release-policy";

/** A download link past its time: ask the portal (or the upgrade check) for a fresh one. */
export class DownloadLinkExpired extends DomainError {
  static readonly kind: string = "DownloadLinkExpired";
  readonly code: string = "LINK_EXPIRED";
  readonly status = 410;
}

export interface DownloadGrant {
  artifactId: string;
  licenseId: string;
  /** Unix seconds. */
  expiresAt: number;
}

const encode = (grant: DownloadGrant) =>
  Buffer.from(JSON.stringify({ a: grant.artifactId, l: grant.licenseId, e: grant.expiresAt })).toString("base64url");

/**
 * A short-lived link naming one artifact for one license, MACed with the server's keyed hasher
 * (its own HKDF purpose), so a link cannot be edited to another file or license or stretched in
 * time. The download re-checks the license's entitlement: a link outlives no revocation.
 */
export function signDownloadLink(
  hasher: KeyedHasher,
  { artifactId, licenseId }: Omit<DownloadGrant, "expiresAt">,
  now: Date,
): { token: string; expiresAt: Date } {
  const expiresAt = Math.floor(now.getTime() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
  const payload = encode({ artifactId, licenseId, expiresAt });
  return { token: `${payload}.${hasher.digest("download-link", payload)}`, expiresAt: new Date(expiresAt * 1000) };
}

/** The grant a link carries; a link we did not make is a 404, one past its time a 410. */
export function readDownloadLink(hasher: KeyedHasher, token: string, now: Date): DownloadGrant {
  const [payload, mac, ...rest] = token.split(".");
  if (!payload || !mac || rest.length > 0 || !constantTimeEqual(mac, hasher.digest("download-link", payload)))
    throw new NotFound("No such download.");
  const { a, l, e } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    a: string;
    l: string;
    e: number;
  };
  if (e <= now.getTime() / 1000)
    throw new DownloadLinkExpired("This download link has expired; open the Downloads page for a new one.");
  return { artifactId: a, licenseId: l, expiresAt: e };
}
