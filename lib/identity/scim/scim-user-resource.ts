import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { scimUsers, users } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { SCIM_USER_SCHEMA } from "@/lib/validations/scim";

export interface ScimUser {
  schemas: [typeof SCIM_USER_SCHEMA];
  id: string;
  externalId?: string;
  userName: string;
  active: boolean;
  emails: { value: string; primary: true }[];
  meta: { resourceType: "User"; created: string; lastModified: string };
}

export const scimUserColumns = {
  id: scimUsers.id,
  userId: scimUsers.userId,
  externalId: scimUsers.externalId,
  isActive: scimUsers.isActive,
  createdAt: scimUsers.createdAt,
  updatedAt: scimUsers.updatedAt,
  email: users.email,
};

type ScimUserRow = {
  id: string;
  externalId: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  email: string;
};

/** RFC 7643 §4.1 (the User resource) and §3.1 (`meta`); `meta.location` is added by the route from REKEY_PUBLIC_URL. */
export function toScimUser(row: ScimUserRow): ScimUser {
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.email,
    active: row.isActive,
    emails: [{ value: row.email, primary: true }],
    meta: { resourceType: "User", created: row.createdAt.toISOString(), lastModified: row.updatedAt.toISOString() },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Another organization's resource id is not found, like one that never existed (RFC 7644 §3.12). */
export async function findScimUser(db: Executor, orgId: string, id: string) {
  if (!UUID.test(id)) throw new NotFound(`User ${id.slice(0, 64)} not found.`);
  const [row] = await db
    .select(scimUserColumns)
    .from(scimUsers)
    .innerJoin(users, eq(users.id, scimUsers.userId))
    .where(and(eq(scimUsers.orgId, orgId), eq(scimUsers.id, id)));
  if (!row) throw new NotFound(`User ${id} not found.`);
  return row;
}
