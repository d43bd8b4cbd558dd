import { asc } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { organizations } from "@/lib/db/schema";

/** Every customer organisation by name, for staff filters. */
export async function listOrganizations(ctx: StaffCtx): Promise<{ id: string; name: string }[]> {
  return ctx.db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .orderBy(asc(organizations.name));
}
