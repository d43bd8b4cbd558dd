import { and, eq } from "drizzle-orm";
import { scimUsers, users } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { ScimCreateUserInput } from "@/lib/validations/scim";
import type { ScimCtx } from "./scim-context";
import { grantMembership } from "./scim-membership";
import { findScimUser, toScimUser } from "./scim-user-resource";

/** RFC 7644 §3.3: the directory adds a person; one resource per person per organization (409 uniqueness). */
export async function createScimUser(ctx: ScimCtx, input: ScimCreateUserInput) {
  const now = ctx.now();
  const id = await ctx.db.transaction(async (tx) => {
    await tx.insert(users).values({ email: input.userName }).onConflictDoNothing({ target: users.email });
    const [person] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.userName));
    const [created] = await tx
      .insert(scimUsers)
      .values({
        orgId: ctx.orgId,
        userId: person!.id,
        externalId: input.externalId ?? null,
        isActive: input.active,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: scimUsers.id });
    if (!created) {
      const [existing] = await tx
        .select({ id: scimUsers.id })
        .from(scimUsers)
        .where(and(eq(scimUsers.orgId, ctx.orgId), eq(scimUsers.userId, person!.id)));
      throw new Conflict(`${input.userName} exists already as User ${existing?.id}.`);
    }
    if (input.active) await grantMembership(tx, ctx, { userId: person!.id, email: input.userName });
    return created.id;
  });
  return toScimUser(await findScimUser(ctx.db, ctx.orgId, id));
}
