/**
 * One step of a rotation, inside the caller's transaction. The worker and "rotate now" both walk
 * rotations through these, so a customer rotation and a scheduled one behave identically (the
 * worker steps a batch together, "rotate now" a batch of one). Each step is all-or-nothing
 * (state + keys + audit commit together), so a crash between steps leaves a consistent row that
 * the next worker pass simply continues.
 */
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { issueLicenseKeys, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { transitionLicenseKeys, type LicenseKeyMove } from "@/lib/licensing/license-key-transitions";
import { keyRevokedEmail, rotationCompletedEmail, rotationIssuedEmail } from "@/lib/notify";
import { enqueueWebhookEvents } from "@/lib/notify/channels";
import { nextNoticeAt } from "@/lib/notify/due-notice-lead";
import { recordVendorEvents } from "@/lib/notify/vendor-webhooks";
import type { VendorEventType } from "@/lib/validations/vendor-webhooks";
import { nextOverlapEndingNoticeAt } from "./enqueue-overlap-ending-notices";
import { enqueueRotationEmails } from "./enqueue-rotation-emails";
import { findKeysInState } from "./load-license-for-rotation";
import {
  isOpen,
  isUpcoming,
  transitionRotations,
  writeStagedRotations,
  type Rotation,
  type StagedRotationWrites,
} from "./rotation-transitions";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** What the timing of a rotation's steps and notices depends on (its overlap's length: only once overlapping). */
type RotationTiming = Pick<Rotation, "state" | "kind" | "scheduledFor" | "notifiedAt" | "overlapEndsAt"> &
  Partial<Pick<Rotation, "overlapMinutes">>;

/** When the rotation's next step is due, or null when it has none (finished). */
export function nextStepDueAt(rotation: RotationTiming, noticeLeadDays: number[]): Date | null {
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

/**
 * When the worker must look at the rotation again after a pass has handled everything due by
 * `now`: its next step, or the next notice if that comes sooner (a scheduled one's upcoming
 * notice, or an overlap's ending notice).
 */
export function nextAttentionAt(rotation: RotationTiming, noticeLeadDays: number[], now: Date): Date | null {
  const step = nextStepDueAt(rotation, noticeLeadDays);
  if (step === null) return null;
  const notice =
    rotation.kind === "scheduled" && isUpcoming(rotation)
      ? nextNoticeAt(rotation.scheduledFor, noticeLeadDays, now)
      : nextOverlapEndingNoticeAt(rotation, noticeLeadDays, now);
  return notice !== null && notice < step ? notice : step;
}

/** A rotation with what its steps need to know about it. */
export interface RotationInFlight {
  rotation: Rotation;
  orgId: string;
  /** The customer's notice lead times: the first notice (and the new key) come this early. */
  noticeLeadDays: number[];
}

export interface BatchStepContext {
  ctx: Ctx;
  secrets: KeySecrets;
}

export type StepContext = BatchStepContext & Omit<RotationInFlight, "rotation">;

type StepOf = (
  tx: Tx,
  group: RotationInFlight[],
  step: BatchStepContext & { staged: StagedRotationWrites },
) => Promise<void>;

const moveOf = ({ rotation, orgId }: RotationInFlight) => ({ rotation, orgId, reason: rotation.reason });

/**
 * The vendor webhook for each rotation of the group reaching `type` (issue 15). The rotation id
 * names the occurrence, so a step retried after a crash queues nothing twice. No key prefixes.
 */
const recordRotationEvents = (
  tx: Tx,
  group: RotationInFlight[],
  type: Extract<VendorEventType, `rotation.${string}`>,
  now: Date,
) =>
  recordVendorEvents(
    tx,
    group.map(({ rotation, orgId }) => ({
      type,
      now,
      dedupeKey: rotation.id,
      data: {
        rotationId: rotation.id,
        licenseId: rotation.licenseId,
        customerId: orgId,
        kind: rotation.kind,
        scheduledFor: rotation.scheduledFor.toISOString(),
      },
    })),
  );

/** A move of each rotation's key found in `keys` (a license may have none in that state). */
const keyMovesFor = (
  group: RotationInFlight[],
  keys: Map<string, LicenseKeyMove["key"]>,
  stamp: LicenseKeyMove["stamp"],
): LicenseKeyMove[] =>
  group.flatMap(({ rotation, orgId }) => {
    const key = keys.get(rotation.licenseId);
    return key ? [{ key, orgId, reason: rotation.reason, stamp }] : [];
  });

/**
 * Each step, for a group of rotations in the same state at once: a statement per kind of write,
 * whatever the group's size, so a bulk reissue of thousands of licenses costs a few hundred
 * statements, not tens of thousands.
 */
const STEPS: Record<"planned" | "notified" | "issued" | "overlapping", StepOf> = {
  async planned(tx, group, { ctx, staged }) {
    const now = ctx.now();
    await transitionRotations(
      tx,
      ctx,
      group.map((item) => ({ ...moveOf(item), stamp: { notifiedAt: now } })),
      "notified",
      staged,
    );
  },

  async notified(tx, group, { ctx, secrets, staged }) {
    const now = ctx.now();
    const licenseIds = group.map(({ rotation }) => rotation.licenseId);
    const oldKeys = await findKeysInState(tx, licenseIds, "active");
    const issued = await issueLicenseKeys(tx, ctx, {
      licenses: group.map(({ rotation, orgId }) => ({ licenseId: rotation.licenseId, orgId })),
      state: "pending",
      secrets,
    });
    const newKeyOf = new Map(issued.map((key) => [key.licenseId, key]));
    await transitionRotations(
      tx,
      ctx,
      group.map((item) => ({
        ...moveOf(item),
        stamp: {
          issuedAt: now,
          oldKeyId: oldKeys.get(item.rotation.licenseId)?.id ?? null,
          newKeyId: newKeyOf.get(item.rotation.licenseId)!.keyId,
        },
      })),
      "issued",
      staged,
    );
    await enqueueWebhookEvents(
      tx,
      group.map(({ rotation, orgId }) => ({
        orgId,
        type: "rotation.issued" as const,
        data: {
          licenseId: rotation.licenseId,
          rotationId: rotation.id,
          kind: rotation.kind,
          newKeyPrefix: newKeyOf.get(rotation.licenseId)!.prefix,
          rotatesAt: rotation.scheduledFor.toISOString(),
        },
        dedupeKey: `webhook:rotation.issued:${rotation.id}`,
        now,
      })),
    );
    await recordRotationEvents(tx, group, "rotation.issued", now);
    // A scheduled rotation's notice already says its key is ready; an emergency and a support
    // reissue (keyReissuedEmail, sent by the reissue itself) get their own emails.
    await enqueueRotationEmails(tx, {
      event: "issued",
      now,
      emails: group
        .filter(({ rotation }) => rotation.kind === "customer")
        .map(({ rotation }) => ({
          rotation,
          compose: (facts) =>
            rotationIssuedEmail({
              ...facts,
              newKeyPrefix: newKeyOf.get(rotation.licenseId)!.prefix,
              activatesAt: rotation.scheduledFor.toISOString(),
            }),
        })),
    });
  },

  async issued(tx, group, { ctx, staged }) {
    const now = ctx.now();
    const licenseIds = group.map(({ rotation }) => rotation.licenseId);
    const oldKeys = await findKeysInState(tx, licenseIds, "active");
    const newKeys = await findKeysInState(tx, licenseIds, "pending");
    const overlapEndsAtOf = new Map(
      group.map(({ rotation }) => [rotation.id, new Date(now.getTime() + rotation.overlapMinutes * MINUTE_MS)]),
    );
    const withOldKey = group.flatMap((item) => {
      const oldKey = oldKeys.get(item.rotation.licenseId);
      return oldKey ? [{ item, oldKey }] : [];
    });
    // The emergency kind revokes at once: a leaked key must not keep working for an overlap.
    const leaked = withOldKey.filter(({ item }) => item.rotation.kind === "emergency");
    const overlapping = withOldKey.filter(({ item }) => item.rotation.kind !== "emergency");
    await transitionLicenseKeys(
      tx,
      ctx,
      leaked.map(({ item, oldKey }) => ({
        key: oldKey,
        orgId: item.orgId,
        reason: item.rotation.reason,
        revocationCode: "key_compromise" as const,
        stamp: { revokedAt: now },
      })),
      "revoked",
    );
    await enqueueWebhookEvents(
      tx,
      leaked.map(({ item, oldKey }) => ({
        orgId: item.orgId,
        type: "key.revoked" as const,
        data: { licenseId: item.rotation.licenseId, keyPrefix: oldKey.prefix, reason: item.rotation.reason },
        dedupeKey: `webhook:key.revoked:${oldKey.id}`,
        now,
      })),
    );
    await enqueueRotationEmails(tx, {
      event: "key-revoked",
      now,
      emails: leaked.map(({ item, oldKey }) => ({
        rotation: item.rotation,
        compose: (facts) =>
          keyRevokedEmail({
            ...facts,
            keyPrefix: oldKey.prefix,
            reason: item.rotation.reason ?? "reported as leaked",
            revokedAt: now.toISOString(),
          }),
      })),
    });
    await transitionLicenseKeys(
      tx,
      ctx,
      overlapping.map(({ item, oldKey }) => ({
        key: oldKey,
        orgId: item.orgId,
        reason: item.rotation.reason,
        stamp: { retiringAt: now, retiresAt: overlapEndsAtOf.get(item.rotation.id)! },
      })),
      "retiring",
    );
    await transitionLicenseKeys(tx, ctx, keyMovesFor(group, newKeys, { activatedAt: now }), "active");
    await transitionRotations(
      tx,
      ctx,
      group.map((item) => ({ ...moveOf(item), stamp: { overlapEndsAt: overlapEndsAtOf.get(item.rotation.id)! } })),
      "overlapping",
      staged,
    );
  },

  async overlapping(tx, group, { ctx, staged }) {
    const now = ctx.now();
    const oldKeys = await findKeysInState(
      tx,
      group.map(({ rotation }) => rotation.licenseId),
      "retiring",
    );
    await transitionLicenseKeys(tx, ctx, keyMovesFor(group, oldKeys, { retiredAt: now }), "retired");
    await transitionRotations(
      tx,
      ctx,
      group.map((item) => ({ ...moveOf(item), stamp: { completedAt: now } })),
      "completed",
      staged,
    );
    await enqueueWebhookEvents(
      tx,
      group.map(({ rotation, orgId }) => ({
        orgId,
        type: "rotation.completed" as const,
        data: {
          licenseId: rotation.licenseId,
          rotationId: rotation.id,
          retiredKeyPrefix: oldKeys.get(rotation.licenseId)?.prefix ?? null,
        },
        dedupeKey: `webhook:rotation.completed:${rotation.id}`,
        now,
      })),
    );
    await recordRotationEvents(tx, group, "rotation.completed", now);
    // After an emergency the revocation email said everything; "completed" would only be noise.
    await enqueueRotationEmails(tx, {
      event: "completed",
      now,
      emails: group
        .filter(({ rotation }) => rotation.kind !== "emergency")
        .map(({ rotation }) => ({
          rotation,
          compose: (facts) =>
            rotationCompletedEmail({
              ...facts,
              retiredKeyPrefix: oldKeys.get(rotation.licenseId)?.prefix ?? null,
              completedAt: now.toISOString(),
            }),
        })),
    });
  },
};

const STEP_ORDER = ["planned", "notified", "issued", "overlapping"] as const;

export function isStepDue(rotation: RotationTiming, noticeLeadDays: number[], now: Date): boolean {
  const dueAt = nextStepDueAt(rotation, noticeLeadDays);
  return dueAt !== null && dueAt <= now;
}

/**
 * Takes the next step of every rotation in the batch whose step is due at `ctx.now()`, each state's
 * group at once; returns the batch with the moved rotations as they are now (staged, not yet written).
 */
async function takeDueStepsTogether(
  tx: Tx,
  batch: RotationInFlight[],
  step: BatchStepContext & { staged: StagedRotationWrites },
): Promise<{ batch: RotationInFlight[]; moved: number }> {
  const now = step.ctx.now();
  const due = batch.filter(({ rotation, noticeLeadDays }) => isStepDue(rotation, noticeLeadDays, now));
  if (due.length === 0) return { batch, moved: 0 };
  for (const state of STEP_ORDER) {
    const group = due.filter(({ rotation }) => rotation.state === state);
    if (group.length > 0) await STEPS[state](tx, group, step);
  }
  return { batch: batch.map((item) => withStagedChanges(item, step.staged)), moved: due.length };
}

const withStagedChanges = (item: RotationInFlight, staged: StagedRotationWrites): RotationInFlight => {
  const changes = staged.get(item.rotation.id);
  return changes ? { ...item, rotation: { ...item.rotation, ...changes.set } as Rotation } : item;
};

/**
 * Takes every step that is due now, in order (a reissue walks straight into its overlap), for every
 * rotation in the batch, and writes each moved row once, with when it is next due. That time counts
 * the notices due now as sent: the worker queues them in this same transaction.
 */
export async function takeAllDueStepsTogether(
  tx: Tx,
  batch: RotationInFlight[],
  step: BatchStepContext,
): Promise<RotationInFlight[]> {
  const staged: StagedRotationWrites = new Map();
  let current = batch;
  for (
    let taken = await takeDueStepsTogether(tx, current, { ...step, staged });
    taken.moved > 0;
    taken = await takeDueStepsTogether(tx, current, { ...step, staged })
  )
    current = taken.batch;
  const now = step.ctx.now();
  for (const { rotation, noticeLeadDays } of current) {
    const changes = staged.get(rotation.id);
    if (changes && isOpen(rotation)) changes.set.nextStepAt = nextAttentionAt(rotation, noticeLeadDays, now);
  }
  await writeStagedRotations(tx, staged);
  return current.map((item) => withStagedChanges(item, staged));
}

/** Takes every step of one rotation that is due now (rotate-now walks straight into the overlap). */
export async function takeAllDueSteps(
  tx: Tx,
  rotation: Rotation,
  { ctx, orgId, secrets, noticeLeadDays }: StepContext,
): Promise<Rotation> {
  const [after] = await takeAllDueStepsTogether(tx, [{ rotation, orgId, noticeLeadDays }], { ctx, secrets });
  return after!.rotation;
}
