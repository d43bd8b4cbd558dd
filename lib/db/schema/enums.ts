import { REVOCATION_REASON_CODES } from "../../../packages/sdk/src/revocation-list";
import { EXPIRY_STRATEGIES, OVERAGE_STRATEGIES, USAGE_PERIODS } from "../../../packages/sdk/src/licensing-models";
import { pgEnum } from "drizzle-orm/pg-core";

export const memberRole = pgEnum("member_role", ["owner", "member"]);
export const staffRole = pgEnum("staff_role", ["support", "admin"]);
/** `revoking`: revoked but still reversible until `revokes_at` (clients see it as suspended). */
export const licenseStatus = pgEnum("license_status", ["active", "suspended", "revoking", "expired", "revoked"]);
export const licenseKeyState = pgEnum("license_key_state", ["pending", "active", "retiring", "retired", "revoked"]);
export const rotationState = pgEnum("rotation_state", [
  "planned",
  "notified",
  "issued",
  "overlapping",
  "completed",
  "cancelled",
  "rolled_back",
  "failed",
]);
export const rotationKind = pgEnum("rotation_kind", ["scheduled", "customer", "emergency", "reissue"]);
export const deviceStatus = pgEnum("device_status", ["active", "inactive", "deactivated"]);
export const deviceActivationMethod = pgEnum("device_activation_method", ["online", "offline"]);
export const deviceAnomalyKind = pgEnum("device_anomaly_kind", ["many_fingerprints", "many_networks"]);
export const channelKind = pgEnum("channel_kind", ["email", "webhook"]);
export const outboxStatus = pgEnum("outbox_status", ["pending", "sending", "sent", "failed", "dead"]);
export const signingKeyState = pgEnum("signing_key_state", ["pending", "active", "retiring", "retired", "revoked"]);
export const signingAlgorithm = pgEnum("signing_algorithm", ["EdDSA", "ES256", "RS256"]);
export const approvalStatus = pgEnum("approval_status", ["pending", "approved", "rejected", "expired", "executed"]);
export const bulkRotationState = pgEnum("bulk_rotation_state", [
  "awaiting_approval",
  "running",
  "paused",
  "halted",
  "completed",
  "cancelled",
  "rejected",
]);
export const actorType = pgEnum("actor_type", ["user", "staff", "system", "api"]);
export const activationPinMode = pgEnum("activation_pin_mode", ["every_new_device", "unusual_only"]);
export const statusIncidentState = pgEnum("status_incident_state", [
  "investigating",
  "identified",
  "monitoring",
  "resolved",
]);
export const statusIncidentImpact = pgEnum("status_incident_impact", ["minor", "major", "critical"]);
export const revocationKind = pgEnum("revocation_kind", ["license", "license_key", "signing_key", "device"]);
export const revocationReasonCode = pgEnum("revocation_reason_code", REVOCATION_REASON_CODES);
export const clientJwksStatus = pgEnum("client_jwks_status", [
  "unreported",
  "current",
  "stale_kid",
  "deprecated_algorithm",
]);
export const rotationFeedbackAnswer = pgEnum("rotation_feedback_answer", ["smooth", "not_smooth", "dismissed"]);
/** How an edition counts seats: one per bound device, or concurrent leases any machine may take (issue 18). */
export const seatModel = pgEnum("seat_model", ["device", "floating", "user"]);
/** `held` while its `expires_at` is ahead; an expired held lease frees its seat without anyone writing. */
export const floatingLeaseStatus = pgEnum("floating_lease_status", ["held", "released"]);
export const floatingLeaseKind = pgEnum("floating_lease_kind", ["online", "borrowed"]);
/** Usage quotas (issue 18): the calendar period a quota counts in, and what happens past it. */
export const usagePeriod = pgEnum("usage_period", USAGE_PERIODS);
export const overageStrategy = pgEnum("overage_strategy", OVERAGE_STRATEGIES);
export const expiryStrategy = pgEnum("expiry_strategy", EXPIRY_STRATEGIES);
