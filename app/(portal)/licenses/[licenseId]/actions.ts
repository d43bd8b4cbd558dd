"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { requireKeyMaterialPass } from "@/lib/auth/key-material-pass";
import { appServices } from "@/lib/config/server";
import { DomainError } from "@/lib/errors";
import type { RotatedKey } from "@/components/rotation/new-key-once";
import { setActivationPin } from "@/lib/devices";
import { revealLicenseKey, revokeLicense, undoLicenseRevocation } from "@/lib/licensing";
import {
  emergencyRotate,
  getRotationProgress,
  postponeRotation,
  recordRotationFeedback,
  rollbackRotation,
  rotateNow,
  undoPostponement,
  updateRotationPreferences,
} from "@/lib/rotation";
import { rotationFeedbackSchema } from "@/lib/validations/health";
import { clearActivationPinSchema, setActivationPinSchema } from "@/lib/validations/lifecycle";
import {
  licenseActionSchema,
  reasonedLicenseActionSchema,
  rotateNowSchema,
  rotationPreferencesSchema,
} from "@/lib/validations/rotation";
import { customerRevokeLicenseSchema } from "@/lib/validations/support";
import { revealLicenseKeySchema } from "@/lib/validations/licenses";

export const revealLicenseKeyAction = orgAction(revealLicenseKeySchema, async (ctx, input) => {
  const pass = await requireKeyMaterialPass(ctx, input.licenseId);
  return revealLicenseKey(ctx, pass, input, { ring: appServices().keySecrets().ring });
});

export const saveRotationPreferencesAction = orgAction(rotationPreferencesSchema, async (ctx, input) => {
  const next = await updateRotationPreferences(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}`);
  return { nextRotationAt: next?.scheduledFor.toISOString() ?? null };
});

/**
 * Rotates, then hands the new key back once (issue 16 item 8) through the key-material gate and the
 * audited reveal, like Reveal would. A gate refusal does not undo the rotation: it is said instead.
 */
export const rotateNowAction = orgAction(rotateNowSchema, async (ctx, input): Promise<RotatedKey> => {
  const rotation = await rotateNow(ctx, input, { secrets: appServices().keySecrets() });
  revalidatePath(`/licenses/${input.licenseId}`);
  const oldKeyValidUntil = rotation.overlapEndsAt?.toISOString() ?? null;
  if (!rotation.newKeyId) return { oldKeyValidUntil, newKey: null, keyRefusal: null };
  try {
    const pass = await requireKeyMaterialPass(ctx, input.licenseId);
    const { key } = await revealLicenseKey(
      ctx,
      pass,
      { licenseId: input.licenseId, keyId: rotation.newKeyId, purpose: "reveal" },
      { ring: appServices().keySecrets().ring },
    );
    return { oldKeyValidUntil, newKey: key, keyRefusal: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { oldKeyValidUntil, newKey: null, keyRefusal: error.userMessage };
  }
});

export const postponeRotationAction = orgAction(licenseActionSchema, async (ctx, input) => {
  const postponed = await postponeRotation(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}`);
  return { scheduledFor: postponed.scheduledFor.toISOString() };
});

/** The Undo in the postpone toast: the earlier date comes from the audit trail, not from the browser. */
export const undoPostponementAction = orgAction(licenseActionSchema, async (ctx, input) => {
  const restored = await undoPostponement(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}`);
  return { scheduledFor: restored.scheduledFor.toISOString() };
});

export const rollbackRotationAction = orgAction(reasonedLicenseActionSchema, async (ctx, input) => {
  const result = await rollbackRotation(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}`);
  return result;
});

export const emergencyRotateAction = orgAction(reasonedLicenseActionSchema, async (ctx, input) => {
  const rotation = await emergencyRotate(ctx, input, { secrets: appServices().keySecrets() });
  revalidatePath(`/licenses/${input.licenseId}`);
  return { rotationId: rotation.id };
});

export const requestRevocationAction = orgAction(customerRevokeLicenseSchema, async (ctx, input) => {
  const license = await revokeLicense(ctx, input, appServices().noticeDeps());
  revalidatePath(`/licenses/${input.licenseId}`);
  return { revokesAt: license.revokesAt?.toISOString() ?? null };
});

export const undoRevocationAction = orgAction(reasonedLicenseActionSchema, async (ctx, input) => {
  await undoLicenseRevocation(ctx, input, appServices().noticeDeps());
  revalidatePath(`/licenses/${input.licenseId}`);
  return { licenseId: input.licenseId };
});

/** No revalidation: the prompt stays to say thank you; the next page load no longer shows it. */
export const submitRotationFeedbackAction = orgAction(rotationFeedbackSchema, async (ctx, input) =>
  recordRotationFeedback(ctx, input),
);
export const setActivationPinAction = orgAction(setActivationPinSchema, async (ctx, { licenseId, pin, mode }) => {
  const result = await setActivationPin(ctx, { licenseId, pin, mode });
  revalidatePath(`/licenses/${licenseId}`);
  return result;
});

export const clearActivationPinAction = orgAction(clearActivationPinSchema, async (ctx, { licenseId }) => {
  const result = await setActivationPin(ctx, { licenseId, pin: null, mode: "unusual_only" });
  revalidatePath(`/licenses/${licenseId}`);
  return result;
});

/** What the license page polls while open (issue 16, item 11): read-only, scoped like the page. */
export const getRotationProgressAction = orgAction(licenseActionSchema, (ctx, input) =>
  getRotationProgress(ctx, input.licenseId),
);
