/**
 * What each kind of approval does once a second admin approves it (in the approval's own
 * transaction), and what happens to its subject when it is rejected or expires instead.
 */
import type { Ctx, StaffCtx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import type { Tx } from "@/lib/db";
import { closeBulkRotationRequest, startBulkRotation } from "@/lib/rotation/start-bulk-rotation";
import { revokeSigningKey } from "@/lib/key-governance/revoke-signing-key";
import {
  endLicenseTermInTransaction,
  extendLicenseExpiryInTransaction,
  type LicenseExtension,
  type NoticeDeps,
  revokeLicenseInTransaction,
  sendExtensionNotice,
  sendRevocationNotice,
  sendSuspensionNotices,
  sendTermEndedNotice,
  suspendLicensesInTransaction,
  type TermEnding,
} from "@/lib/licensing";
import type { RevocationReasonCode } from "@rekey/sdk";
import { staffReasonCategories, type StaffReasonCategory } from "@/lib/validations/staff";
import type { Approval } from "./approval-transitions";
import { type ApprovalAction, SIGNING_KEY_APPROVAL_ACTIONS, type SigningKeyApprovalAction } from "./request-approval";
import { runSigningKeyAction, signingKeyRequestOf } from "./signing-key-action-as-staff";

/** What running an approved action may need beyond the database (generating a key seals it under the ring). */
export interface ApprovalExecuteDeps {
  ring?: MasterKeyRing;
}

/** What the approve dialog tells the approver will happen (the wording follows the kind of request). */
export interface ApprovalWording {
  description: string;
  confirmLabel: string;
  successMessage: string;
}

const RUNS_ON_APPROVAL: ApprovalWording = {
  description: "The action runs now, as you approve it.",
  confirmLabel: "Approve and run",
  successMessage: "Approved and done.",
};

/**
 * A held token request makes nothing when approved: its requester collects the value once, so
 * nobody else ever sees it (create-api-token-as-staff.ts).
 */
const COLLECTED_BY_REQUESTER: ApprovalWording = {
  description:
    "Nothing is made yet: approving lets the requester collect the new token value once, within the approval window. Only they will see it.",
  confirmLabel: "Approve for collection",
  successMessage: "Approved. The requester can now collect the token.",
};

interface ApprovalHandler {
  label: string;
  /** Unless it says otherwise, approving runs the action at once. */
  wording?: ApprovalWording;
  execute(tx: Tx, ctx: StaffCtx, approval: Approval, deps: ApprovalExecuteDeps): Promise<unknown>;
  close?(tx: Tx, ctx: Ctx, approval: Approval, reason: string): Promise<void>;
  /** Tells the customer once the approved action committed (what the direct action does after its transaction). */
  notify?(ctx: StaffCtx, approval: Approval, result: unknown, deps: NoticeDeps): Promise<void>;
}

/** What a license request recorded beside its reason (lib/approvals/revoke-license-as-staff.ts and extend-license-as-staff.ts). */
interface LicenseRequestPayload {
  customerMessage?: string;
  isEmergency?: boolean;
  reasonCode?: RevocationReasonCode;
  expiresAt?: string;
  /** A suspension of many: the licenses it named when requested (lib/approvals/suspend-licenses-as-staff.ts). */
  licenseIds?: string[];
}

function licenseRequest(approval: Approval) {
  const payload = approval.payload as LicenseRequestPayload;
  return {
    licenseId: approval.subjectId,
    reason: approval.reason,
    reasonCategory: requestedCategory(approval),
    customerMessage: payload.customerMessage,
    payload,
  };
}

function requestedCategory(approval: Approval): StaffReasonCategory {
  const category = (approval.payload as { reasonCategory?: string }).reasonCategory;
  return staffReasonCategories.find((known) => known === category) ?? "other";
}

const SIGNING_KEY_LABELS: Record<SigningKeyApprovalAction, string> = {
  "signing_key.generate": "Generate signing key",
  "signing_key.activate": "Activate signing key",
  "signing_key.retire": "Retire signing key",
  "signing_key.hold_rotation": "Hold signing-key rotation",
  "signing_key.release_rotation": "Release signing-key rotation",
};

function signingKeyHandler(action: SigningKeyApprovalAction): ApprovalHandler {
  return {
    label: SIGNING_KEY_LABELS[action],
    execute: (tx, ctx, approval, { ring }) => {
      if (!ring) throw new Error("running an approved signing-key action needs the master key ring");
      return runSigningKeyAction(
        { ...ctx, db: tx },
        signingKeyRequestOf(action, approval, requestedCategory(approval)),
        { ring },
      );
    },
  };
}

const signingKeyHandlers = Object.fromEntries(
  SIGNING_KEY_APPROVAL_ACTIONS.map((action) => [action, signingKeyHandler(action)]),
) as Record<SigningKeyApprovalAction, ApprovalHandler>;

export const approvalHandlers: Record<ApprovalAction, ApprovalHandler> = {
  "signing_key.revoke": {
    label: "Revoke signing key",
    execute: (tx, ctx, approval) =>
      revokeSigningKey(tx, ctx, {
        kid: approval.subjectId,
        reason: approval.reason,
        reasonCategory: requestedCategory(approval),
      }),
  },
  "bulk_rotation.start": {
    label: "Start bulk reissue",
    execute: (tx, ctx, approval) =>
      startBulkRotation(tx, ctx, { bulkRunId: approval.subjectId, reason: approval.reason }),
    close: (tx, ctx, approval, reason) => closeBulkRotationRequest(tx, ctx, { bulkRunId: approval.subjectId, reason }),
  },
  "license.revoke": {
    label: "Revoke license",
    execute: (tx, ctx, approval) => {
      const { payload, ...request } = licenseRequest(approval);
      return revokeLicenseInTransaction(tx, ctx, {
        ...request,
        isEmergency: payload.isEmergency,
        reasonCode: payload.reasonCode,
      });
    },
    notify: (ctx, approval, license, deps) =>
      sendRevocationNotice(
        ctx,
        license as Awaited<ReturnType<typeof revokeLicenseInTransaction>>,
        licenseRequest(approval),
        deps,
      ),
  },
  "license.extend": {
    label: "Extend license term",
    execute: (tx, ctx, approval) => {
      const { payload, ...request } = licenseRequest(approval);
      return extendLicenseExpiryInTransaction(tx, ctx, { ...request, expiresAt: new Date(payload.expiresAt ?? "") });
    },
    notify: (ctx, approval, extension, deps) =>
      sendExtensionNotice(ctx, extension as LicenseExtension, licenseRequest(approval), deps),
  },
  "license.end_term": {
    label: "End license term now",
    execute: (tx, ctx, approval) => endLicenseTermInTransaction(tx, ctx, licenseRequest(approval)),
    notify: (ctx, approval, ending, deps) =>
      sendTermEndedNotice(ctx, ending as TermEnding, licenseRequest(approval), deps),
  },
  "licenses.suspend": {
    label: "Suspend a customer's licenses",
    execute: (tx, ctx, approval) => {
      const { payload, reason, reasonCategory, customerMessage } = licenseRequest(approval);
      return suspendLicensesInTransaction(tx, ctx, {
        orgId: approval.subjectId,
        licenseIds: payload.licenseIds ?? [],
        reason,
        reasonCategory,
        customerMessage,
      });
    },
    notify: (ctx, approval, suspended, deps) =>
      sendSuspensionNotices(ctx, suspended as { id: string }[], licenseRequest(approval), deps),
  },
  // Approval mints nothing: the requester collects the value once (create-api-token-as-staff.ts).
  "api_token.create": { label: "Create API token", wording: COLLECTED_BY_REQUESTER, execute: async () => null },
  "api_token.roll": { label: "Roll API token", wording: COLLECTED_BY_REQUESTER, execute: async () => null },
  ...signingKeyHandlers,
};

/** What the approve dialog says for this kind of request. */
export function approvalWordingOf(action: string): ApprovalWording {
  return approvalHandlers[action as ApprovalAction]?.wording ?? RUNS_ON_APPROVAL;
}

export function handlerFor(approval: Approval): ApprovalHandler {
  const handler = approvalHandlers[approval.action as ApprovalAction];
  if (!handler) throw new Error(`no handler for approval action ${approval.action}`);
  return handler;
}
