import { eq } from "drizzle-orm";
import { scimUsers } from "@/lib/db/schema";
import type { ScimUserChange } from "@/lib/validations/scim";
import type { ScimCtx } from "./scim-context";
import { endMembership, grantMembership } from "./scim-membership";
import { findScimUser, toScimUser } from "./scim-user-resource";

/**
 * RFC 7644 §3.5.2: PATCH `active` (and `externalId`). Deactivating ends the person's access here at
 * once; reactivating gives the membership back with the newcomer's role.
 */
export async function updateScimUser(ctx: ScimCtx, id: string, change: ScimUserChange) {
  await ctx.db.transaction(async (tx) => {
    const user = await findScimUser(tx, ctx.orgId, id);
    const person = { userId: user.userId, email: user.email };
    if (change.active === false && user.isActive) await endMembership(tx, ctx, person);
    if (change.active === true && !user.isActive) await grantMembership(tx, ctx, person);
    await tx
      .update(scimUsers)
      .set({
        ...(change.active === undefined ? {} : { isActive: change.active }),
        ...(change.externalId === undefined ? {} : { externalId: change.externalId }),
        updatedAt: ctx.now(),
      })
      .where(eq(scimUsers.id, user.id));
  });
  return toScimUser(await findScimUser(ctx.db, ctx.orgId, id));
}
