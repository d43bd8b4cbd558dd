import { and, asc, count, eq } from "drizzle-orm";
import { scimUsers, users } from "@/lib/db/schema";
import type { ScimListUsersInput } from "@/lib/validations/scim";
import type { ScimCtx } from "./scim-context";
import { scimUserColumns, toScimUser } from "./scim-user-resource";

export const SCIM_LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** RFC 7644 §3.4.2: this organization's Users, by `userName eq` (how directories look a person up before creating). */
export async function listScimUsers(ctx: ScimCtx, input: ScimListUsersInput) {
  const where = and(eq(scimUsers.orgId, ctx.orgId), input.filter ? eq(users.email, input.filter) : undefined);
  const [total] = await ctx.db
    .select({ n: count() })
    .from(scimUsers)
    .innerJoin(users, eq(users.id, scimUsers.userId))
    .where(where);
  const rows = await ctx.db
    .select(scimUserColumns)
    .from(scimUsers)
    .innerJoin(users, eq(users.id, scimUsers.userId))
    .where(where)
    .orderBy(asc(scimUsers.createdAt), asc(scimUsers.id))
    .offset(input.startIndex - 1)
    .limit(input.count);
  return {
    schemas: [SCIM_LIST_RESPONSE_SCHEMA],
    totalResults: total?.n ?? 0,
    startIndex: input.startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map(toScimUser),
  };
}
