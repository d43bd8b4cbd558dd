import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/lib/config/server";
import type { OrgCtx, StaffCtx } from "@/lib/context";
import { sessions, users } from "@/lib/db/schema";
import { findMemberships, type Membership } from "@/lib/orgs";
import { auth } from "./auth";

export const ACTIVE_ORG_COOKIE = "rekey-org";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  staffRole: "support" | "admin" | null;
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name, staffRole: users.staffRole }).from(users).where(eq(users.id, userId));
  return user ?? null;
}

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/** When the current session was created, i.e. when the user last proved they own their mailbox. */
export async function getSessionSignedInAt(): Promise<Date | null> {
  const jar = await cookies();
  const token = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  if (!token) return null;
  const db = await getDb();
  const [session] = await db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.sessionToken, token));
  return session?.createdAt ?? null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

/** The organisation the user is working in: the one chosen by cookie, else their first. */
export async function getOrgContext(): Promise<{ ctx: OrgCtx; user: SessionUser; memberships: Membership[] } | { ctx: null; user: SessionUser; memberships: [] }> {
  const user = await requireUser();
  const db = await getDb();
  const memberships = await findMemberships(db, user.id);
  if (memberships.length === 0) return { ctx: null, user, memberships: [] };
  const chosen = (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  const membership = memberships.find((m) => m.orgId === chosen) ?? memberships[0]!;
  const ctx: OrgCtx = {
    db,
    now: () => new Date(),
    actor: { type: "user", userId: user.id, email: user.email },
    orgId: membership.orgId,
    memberRole: membership.role,
  };
  return { ctx, user, memberships };
}

export async function requireOrgContext(): Promise<OrgCtx> {
  const { ctx } = await getOrgContext();
  if (!ctx) redirect("/");
  return ctx;
}

export async function requireStaffContext(): Promise<StaffCtx> {
  const user = await requireUser();
  if (!user.staffRole) forbidden();
  return { db: await getDb(), now: () => new Date(), actor: { type: "staff", userId: user.id, email: user.email, role: user.staffRole } };
}

/** Pages for admins only (signing keys, approvals, bulk runs): support staff get 403. */
export async function requireAdminContext(): Promise<StaffCtx> {
  const ctx = await requireStaffContext();
  if (ctx.actor.role !== "admin") forbidden();
  return ctx;
}
