import type { ApprovalStatus } from "@/lib/approvals/approval-transitions";
import type { DeviceStatus } from "@/lib/devices/device-transitions";
import type { LicenseKeyState } from "@/lib/licensing/license-key-transitions";
import type { RotationState } from "@/lib/rotation/rotation-transitions";
import type { Tone } from "./badge";

/** One colour per machine state, so a badge never decides by comparing status strings (issue 23). */
export const LICENSE_KEY_STATE_TONE: Record<LicenseKeyState, Tone> = {
  pending: "amber",
  active: "green",
  retiring: "amber",
  retired: "slate",
  revoked: "red",
};

export const ROTATION_STATE_TONE: Record<RotationState, Tone> = {
  planned: "blue",
  notified: "blue",
  issued: "blue",
  overlapping: "blue",
  completed: "green",
  cancelled: "blue",
  rolled_back: "blue",
  failed: "red",
};

export const DEVICE_STATUS_TONE: Record<DeviceStatus, Tone> = {
  active: "green",
  inactive: "amber",
  deactivated: "slate",
};

/** `executed` reads as approved: approving runs the action in the same transaction. */
export const APPROVAL_STATUS_BADGE: Record<ApprovalStatus, { label: string; tone: Tone }> = {
  pending: { label: "pending", tone: "amber" },
  approved: { label: "approved", tone: "slate" },
  executed: { label: "approved", tone: "green" },
  rejected: { label: "rejected", tone: "red" },
  expired: { label: "expired", tone: "slate" },
};
