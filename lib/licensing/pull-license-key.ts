import { and, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { KeyMaterialPass } from "./key-material-gate";
import type { LicenseKeyState } from "./license-key-transitions";
import { revealLicenseKey } from "./reveal-license-key";

/** `current` is the key that works now (the new one once a rotation overlaps); `pending` the one issued ahead. */
export type KeyChoice = "current" | "pending";
const KEY_STATE_OF: Record<KeyChoice, LicenseKeyState> = { current: "active", pending: "pending" };

/**
 * A license's current or pending key for automation (the customer API, `rekey key pull`): found by
 * its state, then opened and audited like a reveal in the portal, under the gate's pass.
 */
export async function pullLicenseKey(
  ctx: OrgCtx,
  pass: KeyMaterialPass,
  { licenseId, which }: { licenseId: string; which: KeyChoice },
  deps: { ring: MasterKeyRing },
): Promise<{ key: string; keyId: string; prefix: string }> {
  const [found] = await ctx.db
    .select({ id: licenseKeys.id, prefix: licenseKeys.prefix })
    .from(licenseKeys)
    .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
    .where(
      and(
        eq(licenseKeys.licenseId, licenseId),
        eq(licenses.orgId, ctx.orgId),
        eq(licenseKeys.state, KEY_STATE_OF[which]),
      ),
    );
  if (!found)
    throw new NotFound(
      which === "pending" ? "This license has no pending key now." : "This license has no key in use.",
    );
  const { key } = await revealLicenseKey(ctx, pass, { licenseId, keyId: found.id, purpose: "reveal" }, deps);
  return { key, keyId: found.id, prefix: found.prefix };
}
