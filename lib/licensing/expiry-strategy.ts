import type { ExpiryStrategy } from "@rekey/sdk";

/** Under `restrict`, what keeps working after expiry: the edition's listed features this license has. */
export function keptEntitlements(entitlements: readonly string[], edition: { featuresAfterExpiry: readonly string[] }) {
  return entitlements.filter((code) => edition.featuresAfterExpiry.includes(code)).sort();
}

/**
 * What an expired license past its grace still does (issue 18), by its edition's expiry strategy:
 * nothing (`revoke_after_grace`: null), its listed features (`restrict`), or the versions released
 * before it expired (`maintain_access`). Validation answers it, so client code acts on it.
 */
export function accessAfterExpiry(
  edition: { expiryStrategy: ExpiryStrategy; featuresAfterExpiry: readonly string[] },
  { entitlements, expiresAt }: { entitlements: readonly string[]; expiresAt: Date | null },
): { strategy: "restrict"; entitlements: string[] } | { strategy: "maintain_access"; releasedBefore: Date } | null {
  switch (edition.expiryStrategy) {
    case "revoke_after_grace":
      return null;
    case "restrict":
      return { strategy: "restrict", entitlements: keptEntitlements(entitlements, edition) };
    case "maintain_access":
      // A license without an end date that staff marked expired has no release date to keep: it stops.
      return expiresAt ? { strategy: "maintain_access", releasedBefore: expiresAt } : null;
  }
}

/**
 * What still works once an expired license's grace is over, in the portal's words (issue 18: the
 * customer sees what still works and where to renew); null when nothing does. Names come from the
 * license's own features, so a feature the edition keeps but this license lacks is not promised.
 */
export function describeAccessAfterExpiry(
  edition: { expiryStrategy: ExpiryStrategy; featuresAfterExpiry: readonly string[] },
  license: { entitlements: readonly { code: string; name: string }[]; expiresAt: Date | null },
): string | null {
  const kept = accessAfterExpiry(edition, {
    entitlements: license.entitlements.map((feature) => feature.code),
    expiresAt: license.expiresAt,
  });
  if (!kept) return null;
  if (kept.strategy === "maintain_access")
    return `versions released before ${kept.releasedBefore.toISOString().slice(0, 10)} keep working`;
  const names = license.entitlements
    .filter((feature) => kept.entitlements.includes(feature.code))
    .map((feature) => feature.name);
  if (names.length === 0) return null;
  return `only ${names.join(", ")} ${names.length === 1 ? "keeps" : "keep"} working`;
}
