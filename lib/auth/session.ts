import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { appServices } from "@/lib/config/server";
import type { HolderCtx, OrgCtx, PersonCtx, StaffCtx } from "@/lib/context";
import { sessions, users, userTotpSecrets } from "@/lib/db/schema";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { secondFactorFactColumns, secondFactorState, secondFactorTotpJoin, type SecondFactorState } from "@/lib/mfa";
import { findMemberships, type Membership } from "@/lib/orgs";
import { heldLicensePath } from "@/lib/seats";
import { auth } from "./auth";
import { staffAccessRefusal, type StaffRole } from "./staff-roles";

export const ACTIVE_ORG_COOKIE = "rekey-org";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  staffRole: StaffRole | null;
}

export interface CurrentSession {
  /** The session cookie's value: identifies the row that records the second factor. */
  token: string;
  user: SessionUser;
  /** When the user last proved they own their mailbox. */
  signedInAt: Date;
  secondFactor: SecondFactorState;
  /**
   * A session signed in with a license key and an emailed code (issue 20): it opens that one
   * license's holder view and nothing else; null for every other sign-in.
   */
  licenseScopeId: string | null;
}

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/** Where a page goes when the database cannot be reached: a 503 status page that retries by itself. */
export const DATABASE_UNAVAILABLE_PATH = "/status/unavailable";

/**
 * The signed-in person and what this session has proven, read once per request. Auth.js checks
 * the session is live; the row then says when it was created and whether it passed the second factor.
 * The row is read whenever a session cookie is present, even when Auth.js found no session: Auth.js
 * swallows a database error as "signed out", and sending people to sign in during an outage would
 * only fail again. An unreachable database sends them to the status page instead.
 */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const jar = await cookies();
  const token = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  if (!token) return null;
  try {
    return await readSession(token);
  } catch (error) {
    if (isDatabaseUnavailable(error)) redirect(DATABASE_UNAVAILABLE_PATH);
    throw error;
  }
});

async function readSession(token: string): Promise<CurrentSession | null> {
  const db = await appServices().db();
  // Auth.js's liveness check and this row are independent reads of one session: sent together, the
  // request waits for one round trip instead of two in a row. The row carries the second factor's
  // facts too: every page and action reads them, and as statements of their own they were two more
  // round trips after these (issue 21).
  const [session, [row]] = await Promise.all([
    auth(),
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        staffRole: users.staffRole,
        signedInAt: sessions.createdAt,
        licenseScopeId: sessions.licenseScopeId,
        ...secondFactorFactColumns,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(userTotpSecrets, secondFactorTotpJoin)
      .where(eq(sessions.sessionToken, token)),
  ]);
  if (!row || row.id !== session?.user?.id) return null;
  return {
    token,
    user: { id: row.id, email: row.email, name: row.name, staffRole: row.staffRole },
    signedInAt: row.signedInAt,
    secondFactor: secondFactorState(row),
    licenseScopeId: row.licenseScopeId,
  };
}

export async function getSessionUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

export async function requireSession(): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect("/signin");
  return session;
}

/**
 * Organization and staff pages and actions: a session scoped to one license (issue 20) is sent
 * back to that license, never shown anything of an organization. (The second-factor step, the
 * person's own, still serves it: requirePersonContext.)
 */
async function requireUnscopedSession(): Promise<CurrentSession> {
  const session = await requireSession();
  if (session.licenseScopeId !== null) redirect(heldLicensePath(session.licenseScopeId));
  return session;
}

export async function requireUser(): Promise<SessionUser> {
  return (await requireSession()).user;
}

/** Where the second-factor step lives; `callbackUrl` brings the person back afterwards. */
export const secondFactorHref = (callbackUrl?: string) =>
  callbackUrl ? `/signin/mfa?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin/mfa";

/** Someone who turned on a second factor passes it in this session before seeing anything; else to that step. */
function passedOwnSecondFactor(session: CurrentSession): CurrentSession {
  if (session.secondFactor.isEnrolled && !session.secondFactor.isVerified) redirect(secondFactorHref());
  return session;
}

/** The signed-in person acting on their own account (security settings), customer or staff. */
export async function requirePersonContext(): Promise<{ ctx: PersonCtx; session: CurrentSession }> {
  // Also for a session scoped to one license (issue 20): the second-factor step is the person's own.
  const session = await requireSession();
  const { user } = session;
  const actor: PersonCtx["actor"] = user.staffRole
    ? { type: "staff", userId: user.id, email: user.email, role: user.staffRole }
    : { type: "user", userId: user.id, email: user.email };
  return { ctx: { db: await appServices().db(), now: () => new Date(), actor }, session };
}

/**
 * The organisation the user is working in: the one chosen by cookie, else their first. Someone who
 * turned on an authenticator app must pass it in this session before seeing anything. Read once per
 * request: the portal layout and the page both ask for it while rendering side by side.
 */
export const getOrgContext = cache(
  async (): Promise<
    { ctx: OrgCtx; user: SessionUser; memberships: Membership[] } | { ctx: null; user: SessionUser; memberships: [] }
  > => {
    const { user } = passedOwnSecondFactor(await requireUnscopedSession());
    const db = await appServices().db();
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
  },
);

/**
 * The signed-in person as a holder of licenses (issue 18): the holder view lists and opens only the
 * licenses they hold a seat of (lib/seats/held-licenses.ts), whether or not they belong to an
 * organization. The second factor they turned on is asked first, as for organization pages.
 */
export async function requireHolderContext(): Promise<{ ctx: HolderCtx; session: CurrentSession }> {
  const session = passedOwnSecondFactor(await requireSession());
  const { user } = session;
  const ctx: HolderCtx = {
    db: await appServices().db(),
    now: () => new Date(),
    actor: { type: "user", userId: user.id, email: user.email },
    licenseScopeId: session.licenseScopeId,
  };
  return { ctx, session };
}

export async function requireOrgContext(): Promise<OrgCtx> {
  const { ctx } = await getOrgContext();
  if (!ctx) redirect("/");
  return ctx;
}

export interface StaffContextOptions {
  /** Minimum staff role; admin ⊃ support. */
  role?: StaffRole;
  /**
   * A write: needs a second factor verified in this session. Failures throw domain errors (shown
   * as the action's message) instead of rendering the 403 page.
   */
  isWrite?: boolean;
}

/** Staff may read after the magic link alone; every write also needs the second factor. */
export async function requireStaffContext({
  role = "support",
  isWrite = false,
}: StaffContextOptions = {}): Promise<StaffCtx> {
  const { user, secondFactor } = await requireUnscopedSession();
  const refusal = staffAccessRefusal({ staffRole: user.staffRole, secondFactor }, { role, isWrite });
  if (refusal) {
    if (!isWrite) forbidden();
    throw refusal;
  }
  return {
    db: await appServices().db(),
    now: () => new Date(),
    actor: { type: "staff", userId: user.id, email: user.email, role: user.staffRole! },
  };
}

/** Pages for admins only (signing keys, approvals, bulk runs): support staff get 403. */
export async function requireAdminContext(): Promise<StaffCtx> {
  const ctx = await requireStaffContext();
  if (ctx.actor.role !== "admin") forbidden();
  return ctx;
}
