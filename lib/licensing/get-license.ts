import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { orgScope, type OrgCtx, type StaffCtx } from "@/lib/context";
import {
  editions,
  features,
  licenseEntitlements,
  licenseKeys,
  licenses,
  organizations,
  products,
  rotations,
} from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { isExpiringSoon } from "./expiry";
import { isTrialEdition } from "./trial";
import { VALIDATING_KEY_STATES } from "./license-key-transitions";

/**
 * One license of the caller's organisation (any organisation's, for staff) with its entitlements,
 * keys (state and public prefix only: no key material leaves this function) and recent rotations.
 * Another organisation's id is indistinguishable from a missing one. Customers see the keys that
 * still work; staff also see retired and revoked ones.
 */
export async function getLicense(ctx: OrgCtx | StaffCtx, licenseId: string) {
  const scope = orgScope(ctx);
  const [license] = await ctx.db
    .select({
      id: licenses.id,
      orgId: licenses.orgId,
      orgName: organizations.name,
      status: licenses.status,
      revokesAt: licenses.revokesAt,
      revokedAt: licenses.revokedAt,
      seats: licenses.seats,
      startsAt: licenses.startsAt,
      expiresAt: licenses.expiresAt,
      offlineGraceDays: licenses.offlineGraceDays,
      convertedFromTrialAt: licenses.convertedFromTrialAt,
      activationPinMode: licenses.activationPinMode,
      activationPinSetAt: licenses.activationPinSetAt,
      product: { id: products.id, code: products.code, name: products.name },
      edition: {
        id: editions.id,
        code: editions.code,
        name: editions.name,
        seatModel: editions.seatModel,
        expiryStrategy: editions.expiryStrategy,
        featuresAfterExpiry: editions.featuresAfterExpiry,
      },
    })
    .from(licenses)
    .innerJoin(organizations, eq(organizations.id, licenses.orgId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(and(eq(licenses.id, licenseId), scope ? eq(licenses.orgId, scope) : undefined));
  if (!license) throw new NotFound("License not found.");

  const [entitlements, keys, recentRotations] = await Promise.all([
    ctx.db
      .select({ code: features.code, name: features.name, description: features.description })
      .from(licenseEntitlements)
      .innerJoin(features, eq(features.id, licenseEntitlements.featureId))
      .where(eq(licenseEntitlements.licenseId, license.id))
      .orderBy(asc(features.name)),
    ctx.db
      .select({
        id: licenseKeys.id,
        state: licenseKeys.state,
        prefix: licenseKeys.prefix,
        createdAt: licenseKeys.createdAt,
        activatedAt: licenseKeys.activatedAt,
        retiresAt: licenseKeys.retiresAt,
        revokedAt: licenseKeys.revokedAt,
      })
      .from(licenseKeys)
      .where(
        and(
          eq(licenseKeys.licenseId, license.id),
          scope ? inArray(licenseKeys.state, [...VALIDATING_KEY_STATES]) : undefined,
        ),
      )
      .orderBy(desc(licenseKeys.createdAt)),
    ctx.db
      .select({
        id: rotations.id,
        kind: rotations.kind,
        state: rotations.state,
        scheduledFor: rotations.scheduledFor,
        overlapEndsAt: rotations.overlapEndsAt,
      })
      .from(rotations)
      .where(eq(rotations.licenseId, license.id))
      .orderBy(desc(rotations.createdAt))
      .limit(5),
  ]);

  return {
    ...license,
    isExpiringSoon: isExpiringSoon(license, ctx.now()),
    isTrial: isTrialEdition(license.edition.code),
    entitlements,
    keys,
    recentRotations,
  };
}

export type LicenseDetail = Awaited<ReturnType<typeof getLicense>>;
