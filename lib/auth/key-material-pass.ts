import type { OrgCtx } from "@/lib/context";
import { admitToKeyMaterial, type KeyMaterialPass } from "@/lib/licensing";
import { requireSession } from "./session";

/**
 * The signed-in person's pass to one license's key material: the session row says when they
 * signed in and what second factor they proved; the rules are lib/licensing/key-material-gate.ts.
 */
export async function requireKeyMaterialPass(ctx: OrgCtx, licenseId: string): Promise<KeyMaterialPass> {
  const { signedInAt, secondFactor } = await requireSession();
  return admitToKeyMaterial(ctx, { signedInAt, secondFactor }, { licenseId });
}
