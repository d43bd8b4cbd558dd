import { and, eq, sql } from "drizzle-orm";
import { type OrgCtx, orgLicenseId } from "@/lib/context";
import { apiTokens, licenseSeatAssignments, licenses, organizations, orgMembers } from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import { readKeptSecondFactorState, SecondFactorRequired, secondFactorBlock, type SecondFactorState } from "@/lib/mfa";
import { seatIsHeldSql } from "@/lib/seats/named-user-seats";

/** DESIGN.md §4: key material needs a sign-in this recent (a stolen, long-lived session is not enough). */
export const RECENT_SIGN_IN_MINUTES = 15;

export class ReauthenticationRequired extends Forbidden {
  override readonly code: string = "REAUTH_REQUIRED";
}

/** What the session has proven, as the gate needs it: read by the app from the session row. */
export interface KeyMaterialSession {
  signedInAt: Date | null;
  secondFactor: SecondFactorState;
}

/**
 * Proof that the gate admitted this person to one license's key material in this request. Only
 * this module can make one (the class is not exported, and its private field makes the type
 * nominal), so a function that yields a key or a signed license file and asks for a pass cannot be
 * called by a path that skipped the gate.
 */
class Pass {
  declare private readonly nominal: never;
  constructor(
    readonly orgId: string,
    readonly userId: string,
    readonly licenseId: string,
  ) {}
}
export type KeyMaterialPass = Pass;

/**
 * Who may receive keys and license files: the organisation's members (DESIGN.md §2: members see
 * their licenses), and for one license the people holding a seat of it (issue 18: they need the
 * key to use the software, member or not).
 */
const ROLES_RECEIVING_KEY_MATERIAL: readonly string[] = ["owner", "member", "seat_holder"];

/**
 * What an organization's API token (issue 17) brings to the gate instead of a session: the recent
 * sign-in and second factor were asked of its owner when the token was made
 * (lib/api-tokens/create-customer-api-token.ts); what the gate asks at each use is the scope and,
 * where the organization requires it, that the token was made with a second factor.
 */
export interface KeyMaterialToken {
  apiTokenId: string;
  scopes: readonly string[];
}

/** The customer API token scope that admits to key material (lib/validations/customer-api-tokens.ts). */
const KEY_MATERIAL_SCOPE = "keys:read";

async function membershipOf(ctx: OrgCtx) {
  const [membership] = await ctx.db
    .select({ role: orgMembers.role, requireSecondFactorForKeys: organizations.requireSecondFactorForKeys })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(and(eq(orgMembers.orgId, ctx.orgId), eq(orgMembers.userId, ctx.actor.userId)));
  return membership;
}

/** A member's role, or for someone outside the organisation holding a seat of `licenseId`, `seat_holder`. */
async function recipientOf(ctx: OrgCtx, licenseId: string | undefined) {
  const membership = await membershipOf(ctx);
  if (membership || licenseId === undefined) return membership;
  const [holder] = await ctx.db
    .select({ role: sql<string>`'seat_holder'`, requireSecondFactorForKeys: organizations.requireSecondFactorForKeys })
    .from(licenseSeatAssignments)
    .innerJoin(licenses, eq(licenses.id, licenseSeatAssignments.licenseId))
    .innerJoin(organizations, eq(organizations.id, licenses.orgId))
    .where(
      and(
        eq(licenseSeatAssignments.licenseId, licenseId),
        eq(licenseSeatAssignments.userId, ctx.actor.userId),
        eq(licenses.orgId, ctx.orgId),
        seatIsHeldSql(licenses.orgId),
      ),
    );
  return holder;
}

/**
 * Why this session may not receive the organisation's key material, or null: a sign-in within
 * RECENT_SIGN_IN_MINUTES, a current membership in a role that may (or, for `licenseId`, a seat of
 * it), and a verified second factor where the organisation requires one for keys, seat holders
 * from outside included. Pages call it to explain up front; every path that yields key material
 * goes through admitToKeyMaterial, which enforces it.
 */
export async function keyMaterialRefusal(
  ctx: OrgCtx,
  session: KeyMaterialSession,
  { licenseId }: { licenseId?: string } = {},
): Promise<Forbidden | NotFound | null> {
  if (!session.signedInAt || ctx.now().getTime() - session.signedInAt.getTime() > RECENT_SIGN_IN_MINUTES * 60_000) {
    return new ReauthenticationRequired(
      `For your security, sign in again to see or download license keys (needed every ${RECENT_SIGN_IN_MINUTES} minutes).`,
    );
  }
  const membership = await recipientOf(ctx, licenseId);
  // A removed member's stale organisation scope is indistinguishable from a wrong id.
  if (!membership) return new NotFound("License not found.");
  if (!ROLES_RECEIVING_KEY_MATERIAL.includes(membership.role))
    return new Forbidden("Your role in this organization cannot see or download license keys.");
  return membership.requireSecondFactorForKeys
    ? secondFactorBlock(session.secondFactor, "see or download license keys (your organization requires it)")
    : null;
}

/**
 * Why this API token may not receive the organisation's key material, or null. Where the
 * organization requires a second factor for keys, the token must have been made in a session that
 * had proven one, and its maker's factors must not have been removed or reset since: turning the
 * rule on also stops tokens made before it (issue 17), as it stops sessions without a factor.
 */
async function tokenKeyMaterialRefusal(ctx: OrgCtx, token: KeyMaterialToken): Promise<Forbidden | NotFound | null> {
  // The audit trail must name the token that received the key, so the context must be the token's.
  if (ctx.actor.apiToken?.id !== token.apiTokenId)
    throw new Error("key material requested for another token's context");
  const membership = await membershipOf(ctx);
  if (!membership || !ROLES_RECEIVING_KEY_MATERIAL.includes(membership.role)) return new NotFound("License not found.");
  if (!token.scopes.includes(KEY_MATERIAL_SCOPE))
    return new Forbidden(
      `This token may not download keys or license files; it needs the “${KEY_MATERIAL_SCOPE}” scope.`,
    );
  if (!membership.requireSecondFactorForKeys) return null;
  const [made] = await ctx.db
    .select({ verifiedAt: apiTokens.secondFactorVerifiedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, token.apiTokenId), eq(apiTokens.orgId, ctx.orgId)));
  const kept = await readKeptSecondFactorState(ctx.db, {
    userId: ctx.actor.userId,
    verifiedAt: made?.verifiedAt ?? null,
  });
  return kept.isVerified
    ? null
    : new SecondFactorRequired(
        "Your organization requires a second factor for keys, and this token was made without one (or before its maker's second factor was reset): an owner signs in with their second factor and makes a new token.",
      );
}

/**
 * The one gate in front of every path that yields a license key or a signed license file (reveal,
 * copy, license-file download, offline activation, the customer API, anything new): a person brings
 * their session, an organization's API token its scopes. Refuses with the reason
 * (REAUTH_REQUIRED, SECOND_FACTOR_REQUIRED, SECOND_FACTOR_ENROLMENT_REQUIRED) or 404 for a license
 * outside the caller's organisation, before anything is issued or audited.
 */
export async function admitToKeyMaterial(
  ctx: OrgCtx,
  proof: KeyMaterialSession | KeyMaterialToken,
  { licenseId }: { licenseId: string },
): Promise<KeyMaterialPass> {
  // Another organisation's id is a 404 whatever the session's state (DESIGN.md §4), so it is looked up first.
  await orgLicenseId(ctx, licenseId);
  const refusal =
    "apiTokenId" in proof
      ? await tokenKeyMaterialRefusal(ctx, proof)
      : await keyMaterialRefusal(ctx, proof, { licenseId });
  if (refusal) throw refusal;
  return new Pass(ctx.orgId, ctx.actor.userId, licenseId);
}

/**
 * Called by every producer of key material with the pass it was handed: a pass for another
 * license, organisation or person, or anything forged past the type, is a programming error.
 */
export function assertAdmitted(pass: KeyMaterialPass, ctx: OrgCtx, licenseId: string): void {
  if (
    !(pass instanceof Pass) ||
    pass.orgId !== ctx.orgId ||
    pass.userId !== ctx.actor.userId ||
    pass.licenseId !== licenseId
  ) {
    throw new Error("key material requested without the gate's pass for this license");
  }
}
