import type { ExpiryStrategy } from "@rekey/sdk";
import { reasonForCustomer } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { Conflict } from "@/lib/errors";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import { assertAction } from "@/lib/state-machine";
import type { ReasonedLicenseInput } from "./change-license-status";
import { expiryGraceEndsAt } from "./expiry";
import { accessAfterExpiry, describeAccessAfterExpiry } from "./expiry-strategy";
import { getLicense } from "./get-license";
import { describeExpiry, sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { type License, licenseMachine } from "./license-transitions";
import { lockLicense } from "./lock-license";
import { moveLicenseExpiry } from "./move-license-expiry";

/** What ending a term now does under the edition's expiry strategy (the confirmation and the owner's email). */
export interface TermEndPreview {
  strategy: ExpiryStrategy;
  endsAt: Date;
  /** Until when the policy's expiry grace keeps everything working; null when there is no grace. */
  graceEndsAt: Date | null;
  /** What works past the grace, e.g. "only PDF export keeps working"; null: every key answers EXPIRED. */
  keptAfterGrace: string | null;
  /** Under maintain_access, the release downloads' cut-off (lib/releases answers by the same date). */
  downloadsReleasedBefore: Date | null;
}

/**
 * What ending the term at `endsAt` leaves working (issue 18): the same words the customer's license
 * page uses once it has expired (lib/licensing/expiry-strategy.ts), so staff promise what the page
 * will say.
 */
export function previewTermEnd(
  license: {
    edition: { expiryStrategy: ExpiryStrategy; featuresAfterExpiry: readonly string[] };
    entitlements: readonly { code: string; name: string }[];
  },
  { endsAt, graceDays }: { endsAt: Date; graceDays: number },
): TermEndPreview {
  return {
    strategy: license.edition.expiryStrategy,
    endsAt,
    graceEndsAt: graceDays > 0 ? expiryGraceEndsAt(endsAt, graceDays) : null,
    keptAfterGrace: describeAccessAfterExpiry(license.edition, { ...license, expiresAt: endsAt }),
    downloadsReleasedBefore:
      accessAfterExpiry(license.edition, { entitlements: [], expiresAt: endsAt })?.strategy === "maintain_access"
        ? endsAt
        : null,
  };
}

/** The preview as one sentence for the customer: what keeps working, until when, and after. */
export function describeTermEnd({ graceEndsAt, keptAfterGrace }: TermEndPreview): string {
  const afterGrace = keptAfterGrace ?? "its keys stop working";
  return graceEndsAt
    ? `Your software keeps working until ${describeExpiry(graceEndsAt)} while you renew; after that ${afterGrace}.`
    : `From now on ${afterGrace}.`;
}

/** The preview for one license, as staff see it before they confirm (and as the email describes it after). */
export async function loadTermEndPreview(ctx: StaffCtx, licenseId: string, endsAt = ctx.now()) {
  const license = await getLicense(ctx, licenseId);
  const { expiryGraceDays } = await findRotationPolicy(ctx.db, {
    productId: license.product.id,
    editionId: license.edition.id,
  });
  return previewTermEnd(license, { endsAt, graceDays: expiryGraceDays });
}

export type TermEnding = Awaited<ReturnType<typeof endLicenseTermInTransaction>>;

/**
 * Staff end a license's current term today (issue 18: a chargeback, a renewal made by mistake).
 * The expiry moves to now through the one expiry mover, so undoing it is an ordinary extension.
 */
export async function endLicenseTerm(ctx: StaffCtx, input: ReasonedLicenseInput, deps: NoticeDeps) {
  const ending = await ctx.db.transaction((tx) => endLicenseTermInTransaction(tx, ctx, input));
  await sendTermEndedNotice(ctx, ending, input, deps);
  return ending.license;
}

/** The state change of `endLicenseTerm` in the caller's transaction: what an approved request runs. */
export async function endLicenseTermInTransaction(tx: Tx, ctx: StaffCtx, input: ReasonedLicenseInput) {
  const now = ctx.now();
  const license = await lockLicense(tx, input.licenseId);
  assertTermMayEnd(ctx, license);
  const { license: ended } = await moveLicenseExpiry(tx, ctx, license, now, {
    ...input,
    auditAction: "license.term_ended",
  });
  return { license: ended, previousExpiry: license.expiresAt };
}

/**
 * A term that already ran out has nothing left to end (extend it instead), and one that has not
 * begun cannot end before its start (the licenses table insists the expiry follows the start).
 */
export function isTermRunning(license: Pick<License, "startsAt" | "expiresAt">, now: Date): boolean {
  return license.startsAt < now && (license.expiresAt === null || license.expiresAt > now);
}

/** Whether this staff member may end this license's term now: the machine first, then the dates. */
export function assertTermMayEnd(ctx: StaffCtx, license: License) {
  assertAction(licenseMachine, "endTerm", license, viewerOf(ctx));
  if (isTermRunning(license, ctx.now())) return;
  throw new Conflict(
    license.expiresAt && license.expiresAt <= ctx.now()
      ? `This license's term already ended on ${describeExpiry(license.expiresAt)}.`
      : "This license's term has not started yet; it cannot end before it begins.",
  );
}

/** Tells the owners, after the change committed, what still works and where to renew. */
export async function sendTermEndedNotice(
  ctx: StaffCtx,
  { license, previousExpiry }: TermEnding,
  input: ReasonedLicenseInput,
  deps: NoticeDeps,
) {
  const preview = await loadTermEndPreview(ctx, license.id, license.expiresAt ?? ctx.now());
  await sendLicenseNotice(
    ctx.db,
    {
      licenseId: license.id,
      kind: "term_ended",
      reason: reasonForCustomer(ctx.actor, input),
      change: { from: describeExpiry(previousExpiry), to: describeExpiry(license.expiresAt) },
      afterTerm: describeTermEnd(preview),
      now: ctx.now(),
    },
    deps,
  );
}
