import type { ScimCtx } from "./scim-context";
import { findScimUser, toScimUser } from "./scim-user-resource";

export async function getScimUser(ctx: ScimCtx, id: string) {
  return toScimUser(await findScimUser(ctx.db, ctx.orgId, id));
}
