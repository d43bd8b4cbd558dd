import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/** Who is acting. Audit events record it; authorisation rules read it. */
export type Actor =
  /**
   * A customer, or (issue 17) an organization's API token acting for the owner who made it
   * (`apiToken`): the audit trail then names the token, as for the vendor's management tokens.
   */
  | { type: "user"; userId: string; email: string; apiToken?: { id: string; prefix: string } }
  /**
   * Staff, or a management API token acting for the admin who made it (`apiToken`): the audit
   * trail then names the token, so a leaked token's writes can be told from the person's own.
   */
  | {
      type: "staff";
      userId: string;
      email: string;
      role: "support" | "admin";
      apiToken?: { id: string; prefix: string };
    }
  | { type: "system"; label: string }
  /** Client software calling the public API: it proves it holds a key, not who is at the keyboard. */
  | { type: "api"; label: string };

/** What every use case receives: no hidden globals, so tests pass a fixed clock and a test db. */
export interface Ctx {
  db: Db;
  now: () => Date;
  actor: Actor;
}

/** A customer acting inside one organisation: every read and write is scoped to `orgId`. */
export interface OrgCtx extends Ctx {
  actor: Extract<Actor, { type: "user" }>;
  orgId: string;
  memberRole: "owner" | "member";
}

/**
 * A person reaching the licenses they hold a seat of (issue 18), whether or not they are a member
 * of the license's organization. `licenseScopeId` is set for a session signed in with a license
 * key (issue 20): it reaches that one license and nothing else.
 */
export interface HolderCtx extends Ctx {
  actor: Extract<Actor, { type: "user" }>;
  licenseScopeId: string | null;
}

export interface StaffCtx extends Ctx {
  actor: Extract<Actor, { type: "staff" }>;
}

/**
 * The vendor's side acting across organisations: staff, or the vendor's own systems with no person
 * at the keyboard (a Stripe event, lib/billing). Use cases that sell and change licenses take this.
 */
export interface VendorCtx extends Ctx {
  actor: Extract<Actor, { type: "staff" | "system" }>;
}

export function actorLabel(actor: Actor): string {
  if ((actor.type === "staff" || actor.type === "user") && actor.apiToken)
    return `api-token:${actor.apiToken.prefix}… (${actor.email})`;
  return actor.type === "system" || actor.type === "api" ? `${actor.type}:${actor.label}` : actor.email;
}

export function actorId(actor: Actor): string | null {
  return actor.type === "system" || actor.type === "api" ? null : actor.userId;
}

/** A signed-in person acting for themselves (their own sign-in settings), customer or staff. */
export interface PersonCtx extends Ctx {
  actor: Extract<Actor, { type: "user" | "staff" }>;
}

/** A customer's organisation, or undefined for staff and the system, who act across organisations. */
export function orgScope(ctx: Ctx): string | undefined {
  return ctx.actor.type === "user" ? (ctx as OrgCtx).orgId : undefined;
}

/**
 * A license the caller names: its id, still to be checked against the caller's organization, or
 * the row the caller has already loaded for it (the license page loads the license once and hands
 * the row to its view's loaders, issue 21).
 */
export type LicenseRef = string | { id: string; orgId: string };

/**
 * The id of `license` once it is known to be the caller's organization's: a loaded row is checked
 * on the row, a bare id with a statement. Another organization's license is a 404 either way
 * (DESIGN.md §4).
 */
export async function orgLicenseId(ctx: { db: Db; orgId: string }, license: LicenseRef): Promise<string> {
  const belongs =
    typeof license === "string"
      ? (
          await ctx.db
            .select({ id: licenses.id })
            .from(licenses)
            .where(and(eq(licenses.id, license), eq(licenses.orgId, ctx.orgId)))
        ).length > 0
      : license.orgId === ctx.orgId;
  if (!belongs) throw new NotFound("License not found.");
  return typeof license === "string" ? license : license.id;
}
