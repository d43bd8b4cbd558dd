import { and, asc, type Column, eq, or, type SQL, sql } from "drizzle-orm";
import type { HolderCtx, OrgCtx } from "@/lib/context";
import { rowsOf } from "@/lib/db/json-rows";
import { editions, licenseSeatAssignments, licenses, organizations, orgMembers, products } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { NAMED_USER_SEAT_MODEL, seatIsHeldSql } from "./named-user-seats";

/**
 * Which licenses a person may open in the holder view, as one condition on `licenses`:
 * - signed in as themselves, the named-user licenses they hold a seat of (issue 18), by the one
 *   seat rule (seatIsHeldSql), so a seat taken back or a membership ended closes the page too;
 * - signed in with a license key (issue 20), that one license only, and only while they still hold
 *   a seat of it or belong to its organization (whoever the key-material gate would give it to).
 */
function mayOpenSql({ userId, licenseScopeId }: { userId: Column | string; licenseScopeId: string | null }): SQL {
  const holdsSeat = sql`exists (select 1 from ${licenseSeatAssignments} where ${licenseSeatAssignments.licenseId} = ${licenses.id} and ${licenseSeatAssignments.userId} = ${userId} and ${seatIsHeldSql(licenses.orgId)})`;
  if (licenseScopeId === null) return and(eq(editions.seatModel, NAMED_USER_SEAT_MODEL), holdsSeat)!;
  const isMember = sql`exists (select 1 from ${orgMembers} where ${orgMembers.orgId} = ${licenses.orgId} and ${orgMembers.userId} = ${userId})`;
  return and(eq(licenses.id, licenseScopeId), or(holdsSeat, isMember))!;
}

const scopeOf = (ctx: HolderCtx) => ({ userId: ctx.actor.userId, licenseScopeId: ctx.licenseScopeId });

const anyLicenseSql = (scope: Parameters<typeof mayOpenSql>[0]): SQL =>
  sql`exists (select 1 from ${licenses} inner join ${editions} on ${editions.id} = ${licenses.editionId} where ${mayOpenSql(scope)})`;

/**
 * Whether the person `userId` names holds a seat the holder view would show: a place here without
 * a membership, so the magic link signs them in (lib/auth/send-sign-in-link.ts).
 */
export function holdsAnyLicenseSql(userId: Column): SQL {
  return anyLicenseSql({ userId, licenseScopeId: null });
}

/**
 * Whether the holder view would list anything, without the list: what every portal page's menu
 * asks (issue 21: the layout read the whole sorted list, with names, on every page for this).
 */
export async function holdsAnyLicense(ctx: HolderCtx): Promise<boolean> {
  const [row] = rowsOf(await ctx.db.execute(sql`select ${anyLicenseSql(scopeOf(ctx))} as holds`)) as {
    holds: boolean;
  }[];
  return row?.holds === true;
}

/** The licenses the holder view lists: product, edition, organization, status and expiry. */
export function listHeldLicenses(ctx: HolderCtx) {
  return ctx.db
    .select({
      id: licenses.id,
      orgName: organizations.name,
      productName: products.name,
      editionName: editions.name,
      status: licenses.status,
      expiresAt: licenses.expiresAt,
    })
    .from(licenses)
    .innerJoin(organizations, eq(organizations.id, licenses.orgId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(mayOpenSql(scopeOf(ctx)))
    .orderBy(asc(products.name), asc(editions.name), asc(licenses.id));
}

export type HeldLicense = Awaited<ReturnType<typeof listHeldLicenses>>[number];

/**
 * The context a holder acts in on one license they may open: scoped to that license's
 * organization, so the license use cases (read, seat token, key-material gate, license file) apply
 * their own organization checks unchanged. Anything else is a 404, like another organization's id.
 * Holder pages call only those use cases with it: never an organization page's.
 */
export async function openHeldLicense(ctx: HolderCtx, licenseId: string): Promise<OrgCtx> {
  const [license] = await ctx.db
    .select({ orgId: licenses.orgId })
    .from(licenses)
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(and(eq(licenses.id, licenseId), mayOpenSql(scopeOf(ctx))));
  if (!license) throw new NotFound("License not found.");
  return { db: ctx.db, now: ctx.now, actor: ctx.actor, orgId: license.orgId, memberRole: "member" };
}
