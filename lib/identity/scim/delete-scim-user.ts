import { eq } from "drizzle-orm";
import { scimUsers } from "@/lib/db/schema";
import type { ScimCtx } from "./scim-context";
import { endMembership } from "./scim-membership";
import { findScimUser } from "./scim-user-resource";

/** RFC 7644 §3.6: the person leaves the organization; the Rekey account stays (it may belong to others). */
export async function deleteScimUser(ctx: ScimCtx, id: string) {
  await ctx.db.transaction(async (tx) => {
    const user = await findScimUser(tx, ctx.orgId, id);
    if (user.isActive) await endMembership(tx, ctx, { userId: user.userId, email: user.email });
    await tx.delete(scimUsers).where(eq(scimUsers.id, user.id));
  });
}
