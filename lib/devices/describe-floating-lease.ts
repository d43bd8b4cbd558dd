import type { FloatingLease } from "./floating-lease-transitions";

/** How the client API describes a lease: never its fingerprint digest. */
export function describeFloatingLease(lease: FloatingLease) {
  return {
    id: lease.id,
    kind: lease.kind,
    status: lease.status,
    holderName: lease.holderName,
    expiresAt: lease.expiresAt.toISOString(),
  };
}
