/**
 * One step of a rotation, inside the caller's transaction. The worker and "rotate now" both walk
 * rotations through these, so a customer rotation and a scheduled one behave identically. Each
 * step is all-or-nothing (state + keys + audit commit together), so a crash between steps leaves
 * a consistent row that the next worker pass simply continues.
 */
import { eq } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { rotations } from "@/lib/db/schema";
import { issueLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { transitionLicenseKey } from "@/lib/licensing/license-key-transitions";
import { keyRevokedEmail, rotationCompletedEmail, rotationIssuedEmail } from "@/lib/notify";
import { enqueueWebhookEvent } from "@/lib/notify/channels";
import { enqueueRotationEmails } from "./enqueue-rotation-emails";
import { findKeyInState } from "./load-license-for-rotation";
import { transitionRotation, type Rotation } from "./rotation-transitions";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface StepContext {
  ctx: Ctx;
  orgId: string;
  secrets: KeySecrets;
  /** The customer's notice lead times: the first notice (and the new key) come this early. */
  noticeLeadDays: number[];
}

/** When the rotation's next step is due, or null when it has none (finished). */
export function nextStepDueAt(rotation: Rotation, noticeLeadDays: number[]): Date | null {
  switch (rotation.state) {
    case "planned": {
      if (rotation.kind !== "scheduled") return rotation.scheduledFor;
      const longestLead = Math.max(0, ...noticeLeadDays);
      return new Date(rotation.scheduledFor.getTime() - longestLead * DAY_MS);
    }
    case "notified":
      return rotation.notifiedAt ?? rotation.scheduledFor;
    case "issued":
      return rotation.scheduledFor;
    case "overlapping":
      return rotation.overlapEndsAt;
    default:
      return null;
  }
}

async function reload(tx: Tx, id: string): Promise<Rotation> {
  const [row] = await tx.select().from(rotations).where(eq(rotations.id, id));
  return row!;
}

/** Takes the next step if it is due at `ctx.now()`; returns the rotation after it, or null. */
export async function takeDueStep(tx: Tx, rotation: Rotation, step: StepContext): Promise<Rotation | null> {
  const { ctx, orgId } = step;
  const now = ctx.now();
  const dueAt = nextStepDueAt(rotation, step.noticeLeadDays);
  if (!dueAt || dueAt > now) return null;
  const reason = rotation.reason;

  switch (rotation.state) {
    case "planned":
      await transitionRotation(tx, ctx, rotation, "notified", { orgId, reason, stamp: { notifiedAt: now } });
      break;

    case "notified": {
      const oldKey = await findKeyInState(tx, rotation.licenseId, "active");
      const newKey = await issueLicenseKey(tx, ctx, { licenseId: rotation.licenseId, orgId, state: "pending", secrets: step.secrets });
      await transitionRotation(tx, ctx, rotation, "issued", { orgId, reason, stamp: { issuedAt: now, oldKeyId: oldKey?.id ?? null, newKeyId: newKey.keyId } });
      await enqueueWebhookEvent(tx, {
        orgId,
        type: "rotation.issued",
        data: { licenseId: rotation.licenseId, rotationId: rotation.id, kind: rotation.kind, newKeyPrefix: newKey.prefix, rotatesAt: rotation.scheduledFor.toISOString() },
        dedupeKey: `webhook:rotation.issued:${rotation.id}`,
        now,
      });
      // A scheduled rotation's notice already says its key is ready; an emergency and a support
      // reissue (keyReissuedEmail, sent by the reissue itself) get their own emails.
      if (rotation.kind === "customer") {
        await enqueueRotationEmails(tx, {
          rotation,
          event: "issued",
          now,
          compose: (facts) => rotationIssuedEmail({ ...facts, newKeyPrefix: newKey.prefix, activatesAt: rotation.scheduledFor.toISOString() }),
        });
      }
      break;
    }

    case "issued": {
      const overlapEndsAt = new Date(now.getTime() + rotation.overlapMinutes * MINUTE_MS);
      const oldKey = await findKeyInState(tx, rotation.licenseId, "active");
      const newKey = await findKeyInState(tx, rotation.licenseId, "pending");
      if (oldKey) {
        // The emergency kind revokes at once: a leaked key must not keep working for an overlap.
        if (rotation.kind === "emergency") {
          await transitionLicenseKey(tx, ctx, oldKey, "revoked", { orgId, reason, stamp: { revokedAt: now } });
          await enqueueWebhookEvent(tx, {
            orgId,
            type: "key.revoked",
            data: { licenseId: rotation.licenseId, keyPrefix: oldKey.prefix, reason },
            dedupeKey: `webhook:key.revoked:${oldKey.id}`,
            now,
          });
          await enqueueRotationEmails(tx, {
            rotation,
            event: "key-revoked",
            now,
            compose: (facts) => keyRevokedEmail({ ...facts, keyPrefix: oldKey.prefix, reason: reason ?? "reported as leaked", revokedAt: now.toISOString() }),
          });
        } else {
          await transitionLicenseKey(tx, ctx, oldKey, "retiring", { orgId, reason, stamp: { retiringAt: now, retiresAt: overlapEndsAt } });
        }
      }
      if (newKey) await transitionLicenseKey(tx, ctx, newKey, "active", { orgId, reason, stamp: { activatedAt: now } });
      await transitionRotation(tx, ctx, rotation, "overlapping", { orgId, reason, stamp: { overlapEndsAt } });
      break;
    }

    case "overlapping": {
      const oldKey = await findKeyInState(tx, rotation.licenseId, "retiring");
      if (oldKey) await transitionLicenseKey(tx, ctx, oldKey, "retired", { orgId, reason, stamp: { retiredAt: now } });
      await transitionRotation(tx, ctx, rotation, "completed", { orgId, reason, stamp: { completedAt: now } });
      await enqueueWebhookEvent(tx, {
        orgId,
        type: "rotation.completed",
        data: { licenseId: rotation.licenseId, rotationId: rotation.id, retiredKeyPrefix: oldKey?.prefix ?? null },
        dedupeKey: `webhook:rotation.completed:${rotation.id}`,
        now,
      });
      // After an emergency the revocation email said everything; "completed" would only be noise.
      if (rotation.kind !== "emergency") {
        await enqueueRotationEmails(tx, {
          rotation,
          event: "completed",
          now,
          compose: (facts) => rotationCompletedEmail({ ...facts, retiredKeyPrefix: oldKey?.prefix ?? null, completedAt: now.toISOString() }),
        });
      }
      break;
    }

    default:
      return null;
  }
  return reload(tx, rotation.id);
}

/** Takes every step that is due now, in order (rotate-now walks straight into the overlap). */
export async function takeAllDueSteps(tx: Tx, rotation: Rotation, step: StepContext): Promise<Rotation> {
  let current = rotation;
  for (let next = await takeDueStep(tx, current, step); next; next = await takeDueStep(tx, current, step)) current = next;
  return current;
}
