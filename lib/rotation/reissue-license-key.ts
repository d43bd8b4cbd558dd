import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { findLicenseNames, type NoticeDeps } from "@/lib/licensing/license-notices";
import { findNoticeRecipients, keyReissuedEmail, sendEmail } from "@/lib/notify";
import type { StaffReasonCategory } from "@/lib/validations/staff";
import { rotateImmediately } from "./rotate-now";
import type { Rotation } from "./rotation-transitions";

export interface ReissueLicenseKeyInput {
  licenseId: string;
  overlapMinutes: number;
  reason: string;
  reasonCategory: StaffReasonCategory;
  customerMessage?: string;
}

/**
 * Support issues the customer a new key (rotation kind `reissue`): it works at once, the old key
 * keeps validating for the overlap support chose within the policy, and the customer hears about
 * it through their email channels and webhooks (`rotation.issued`).
 */
export async function reissueLicenseKey(
  ctx: StaffCtx,
  input: ReissueLicenseKeyInput,
  deps: NoticeDeps & { secrets: KeySecrets },
) {
  const rotation = await ctx.db.transaction(async (tx) => {
    const rotation = await rotateImmediately(
      tx,
      ctx,
      // The rotation's reason travels to the customer (key events, emails, webhooks): support's
      // message to them, never the internal note, which stays in the staff audit event below.
      {
        licenseId: input.licenseId,
        kind: "reissue",
        overlapMinutes: input.overlapMinutes,
        reason: input.customerMessage ?? null,
        requestedBy: ctx.actor.userId,
      },
      { secrets: deps.secrets },
    );
    const [license] = await tx.select({ orgId: licenses.orgId }).from(licenses).where(eq(licenses.id, input.licenseId));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: license!.orgId,
      action: "license_key.reissued",
      subjectType: "license",
      subjectId: input.licenseId,
      reason: input.reason,
      data: {
        rotationId: rotation.id,
        overlapMinutes: input.overlapMinutes,
        oldKeyValidUntil: rotation.overlapEndsAt,
        reasonCategory: input.reasonCategory,
        customerMessage: input.customerMessage,
      },
    });
    return rotation;
  });
  await sendReissueNotice(ctx.db, rotation, { ...deps, now: ctx.now() });
  return rotation;
}

async function sendReissueNotice(db: Db, rotation: Rotation, { mailer, portalUrl, now }: NoticeDeps & { now: Date }) {
  const license = await findLicenseNames(db, rotation.licenseId);
  for (const to of await findNoticeRecipients(db, license!.orgId, rotation.licenseId)) {
    const email = keyReissuedEmail({
      to,
      productName: license!.productName,
      editionName: license!.editionName,
      reason: rotation.reason,
      oldKeyStopsAt: rotation.overlapEndsAt ?? now,
      licenseUrl: `${portalUrl}/licenses/${rotation.licenseId}#key`,
    });
    await sendEmail(db, mailer, { email, dedupeKey: `key-reissued:${rotation.id}:${to}`, orgId: license!.orgId, now });
  }
}
