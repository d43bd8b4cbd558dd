import { eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { organizations } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/** Staff open any organisation by id. */
export async function findOrganization(ctx: StaffCtx, orgId: string) {
  const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new NotFound("Organization not found.");
  return org;
}
