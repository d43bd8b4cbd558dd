/**
 * How the probes reach each entry point of the app with another tenant's ids. Keys are discovered
 * from the file tree (testing/route-tree.ts); a new action, route or dynamic segment without an
 * entry here fails the isolation and bad-input suites by name, so nobody ships an unprobed route.
 */
import {
  OFFLINE_ACTIVATION_REQUEST_FORMAT,
  OFFLINE_DEACTIVATION_REQUEST_FORMAT,
  OFFLINE_REQUEST_VERSION,
} from "@/packages/sdk/src/device-protocol";
import { ACTIVATION_PIN_MODES } from "@/lib/validations/lifecycle";
import { SCIM_PATCH_OP_SCHEMA, SCIM_USER_SCHEMA } from "@/lib/validations/scim";
import type { Tenant } from "./tenants";

export type Fields = Record<string, unknown>;

export type ActionDriver =
  /** Reaches org data: as org B with org A's ids it must answer 404/403. */
  | { scope: "org"; fields: (victim: Tenant) => Fields }
  /** Staff only: a customer calling it must get 403 before anything is looked up. */
  | { scope: "staff"; fields: (victim: Tenant) => Fields }
  /** Names no tenant's data; the reason is part of the record. */
  | { scope: "none"; reason: string; fields: (caller: Tenant) => Fields };

const offlineRequest = (format: string, extra: Fields) =>
  JSON.stringify({
    format,
    version: OFFLINE_REQUEST_VERSION,
    createdAt: "2026-11-23T12:00:00.000Z",
    fingerprintHash: "A".repeat(43),
    nonce: "n".repeat(24),
    ...extra,
  });

/** A WebAuthn response of the right shape; only its shape, since the probes hold no authenticator. */
const passkeyResponse = (response: Fields) =>
  JSON.stringify({
    id: "Y3JlZGVudGlhbA",
    rawId: "Y3JlZGVudGlhbA",
    type: "public-key",
    response: { clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0", ...response },
    clientExtensionResults: {},
  });

const ACTION_DRIVERS: Record<string, ActionDriver> = {
  "app/(auth)/signin/actions.ts#requestSignInLink": {
    scope: "none",
    reason: "sign-in before any session; answers the same for every address",
    fields: () => ({ email: "someone@test.example", callbackUrl: "/" }),
  },
  "app/(auth)/signin/actions.ts#startSsoSignInAction": {
    scope: "none",
    reason: "sign-in before any session; the email's verified domain picks the organization",
    fields: () => ({ email: "someone@test.example", callbackUrl: "/" }),
  },
  "app/(auth)/signin/license-key/actions.ts#requestLicenseKeySignInAction": {
    scope: "none",
    reason: "sign-in before any session; answers the same for every key and address (issue 20)",
    fields: (a) => ({ key: a.key, email: "someone@test.example" }),
  },
  "app/(auth)/signin/license-key/actions.ts#completeLicenseKeySignInAction": {
    scope: "none",
    reason: "sign-in before any session; the code names the license, and a wrong one names nothing",
    fields: () => ({ email: "someone@test.example", code: "123456" }),
  },
  // The second factor is the signed-in person's own (userId and session from the session cookie).
  "app/(auth)/signin/mfa/actions.ts#verifySecondFactorAction": {
    scope: "none",
    reason: "checks a code against the caller's own second factor",
    fields: () => ({ code: "123456", callbackUrl: "/" }),
  },
  "app/(auth)/signin/mfa/actions.ts#startTotpEnrolmentAction": {
    scope: "none",
    reason: "starts enrolling the caller's own authenticator app",
    fields: () => ({}),
  },
  "app/(auth)/signin/mfa/actions.ts#confirmTotpEnrolmentAction": {
    scope: "none",
    reason: "confirms the caller's own pending enrolment",
    fields: () => ({ code: "123456" }),
  },
  "app/(auth)/signin/mfa/actions.ts#regenerateRecoveryCodesAction": {
    scope: "none",
    reason: "replaces the caller's own recovery codes",
    fields: () => ({ code: "123456" }),
  },
  "app/(auth)/signin/mfa/actions.ts#disableTotpAction": {
    scope: "none",
    reason: "turns off the caller's own authenticator app",
    fields: () => ({ code: "123456" }),
  },
  "app/(auth)/signin/mfa/actions.ts#startPasskeyRegistrationAction": {
    scope: "none",
    reason: "starts registering a passkey for the caller's own account and session",
    fields: () => ({}),
  },
  "app/(auth)/signin/mfa/actions.ts#finishPasskeyRegistrationAction": {
    scope: "none",
    reason: "answers the caller's own session's registration challenge",
    fields: () => ({ name: "Work laptop", response: passkeyResponse({ attestationObject: "o2NmbXRkbm9uZQ" }) }),
  },
  "app/(auth)/signin/mfa/actions.ts#startPasskeyVerificationAction": {
    scope: "none",
    reason: "challenges the caller's own passkeys for the caller's own session",
    fields: () => ({}),
  },
  "app/(auth)/signin/mfa/actions.ts#verifyPasskeyAction": {
    scope: "none",
    reason: "checks a signature against the caller's own passkeys",
    fields: () => ({
      callbackUrl: "/",
      response: passkeyResponse({ authenticatorData: "SZYN5YgOjGh0NBcP", signature: "MEUCIQ" }),
    }),
  },
  "app/(auth)/signin/mfa/actions.ts#removePasskeyAction": {
    scope: "none",
    reason: "removes one of the caller's own passkeys (another person's id is not found)",
    fields: () => ({ passkeyId: "00000000-0000-4000-8000-000000000000" }),
  },
  "app/(auth)/signout/actions.ts#signOutAction": {
    scope: "none",
    reason: "ends the caller's own session",
    fields: () => ({}),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#revealLicenseKeyAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, keyId: a.keyId, purpose: "reveal" }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#saveRotationPreferencesAction": {
    scope: "org",
    fields: (a) => ({
      licenseId: a.licenseId,
      cadence: "90",
      weekdays: ["2", "4"],
      startTime: "22:00",
      durationMinutes: "120",
      timeZone: "Europe/Berlin",
      leadDays: ["14", "3"],
      overlapMinutes: "1440",
      alignWithRenewal: "on",
    }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#rotateNowAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, overlapMinutes: "1440", reason: "probe" }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#postponeRotationAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#getRotationProgressAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#undoPostponementAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#rollbackRotationAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, reason: "probe rollback" }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#emergencyRotateAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, reason: "probe emergency" }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#submitRotationFeedbackAction": {
    scope: "org",
    fields: (a) => ({ rotationId: a.rotationId, answer: "not_smooth", comment: "probe feedback" }),
  },
  "app/(portal)/licenses/[licenseId]/rotation/actions.ts#confirmPostponeAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/(portal)/licenses/[licenseId]/rotation/actions.ts#confirmRotateNowAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, overlapMinutes: "1440", reason: "probe" }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#deactivateDevicesAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, deviceIds: [a.deviceId] }),
  },
  "app/(portal)/licenses/[licenseId]/floating-seats/actions.ts#releaseFloatingLeaseAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, leaseId: a.floatingLeaseId }),
  },
  "app/(portal)/licenses/[licenseId]/seats/actions.ts#assignSeatAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, email: "seat-holder@test.example" }),
  },
  "app/(portal)/licenses/[licenseId]/seats/actions.ts#unassignSeatAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, userId: a.memberUserId }),
  },
  "app/(portal)/licenses/[licenseId]/seats/actions.ts#revealSeatTokenAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  // The holder view (issue 18): another organization's license is one this caller holds no seat of.
  "app/(holder)/held/[licenseId]/actions.ts#revealHeldKeyAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, keyId: a.keyId, purpose: "reveal" }),
  },
  "app/(holder)/held/[licenseId]/actions.ts#revealHeldSeatTokenAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#reactivateDeviceAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, deviceId: a.deviceId }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#listDeviceRowsAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#renameDeviceAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, deviceId: a.deviceId, name: "renamed by probe" }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#updateDevicePolicyAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, inactiveAfter: "30", anomalyNotice: "on" }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#activateOfflineAction": {
    scope: "org",
    fields: (a) => ({
      licenseId: a.licenseId,
      request: offlineRequest(OFFLINE_ACTIVATION_REQUEST_FORMAT, {
        product: a.productCode,
        keyPrefix: a.key.slice(0, 7),
        name: "probe",
      }),
    }),
  },
  "app/(portal)/licenses/[licenseId]/devices/actions.ts#deactivateOfflineAction": {
    scope: "org",
    fields: (a) => ({
      licenseId: a.licenseId,
      request: offlineRequest(OFFLINE_DEACTIVATION_REQUEST_FORMAT, { license: a.licenseId, device: a.deviceId }),
    }),
  },
  "app/(portal)/members/actions.ts#inviteMemberAction": {
    scope: "none",
    reason: "adds to the caller's own organisation only (orgId comes from the session)",
    fields: () => ({ email: "invitee@test.example", role: "member" }),
  },
  "app/(portal)/members/actions.ts#removeMemberAction": { scope: "org", fields: (a) => ({ userId: a.memberUserId }) },
  "app/(portal)/settings/notifications/actions.ts#addEmailChannelAction": {
    scope: "none",
    reason: "adds to the caller's own organisation only",
    fields: () => ({ email: "ops@test.example" }),
  },
  "app/(portal)/settings/notifications/actions.ts#addWebhookChannelAction": {
    scope: "none",
    reason: "adds to the caller's own organisation only",
    fields: () => ({ url: "https://hooks.test.example/rekey", label: "ops" }),
  },
  "app/(portal)/settings/security/actions.ts#addOrgDomainAction": {
    scope: "none",
    reason: "adds a domain to the caller's own organization; no id of another tenant is named",
    fields: () => ({ domain: `probe-${crypto.randomUUID().slice(0, 8)}.example` }),
  },
  "app/(portal)/settings/security/actions.ts#verifyOrgDomainAction": {
    scope: "org",
    fields: (a) => ({ domainId: a.orgDomainId }),
  },
  "app/(portal)/settings/security/actions.ts#saveSecondFactorPolicyAction": {
    scope: "none",
    reason: "sets the caller's own organisation's policy (orgId comes from the session)",
    fields: () => ({ requireForKeys: "on" }),
  },
  "app/(portal)/settings/security/actions.ts#connectOidcProviderAction": {
    scope: "none",
    reason: "connects a provider to the caller's own organization (orgId comes from the session)",
    fields: () => ({
      issuer: "https://login.test.example",
      clientId: "probe-client",
      clientSecret: "probe-secret",
      defaultRole: "member",
    }),
  },
  "app/(portal)/settings/security/actions.ts#connectSamlProviderAction": {
    scope: "none",
    reason: "connects a SAML provider to the caller's own organization (orgId comes from the session)",
    fields: () => ({ metadataXml: "", metadataUrl: "https://idp.test.example/metadata", defaultRole: "member" }),
  },
  "app/(portal)/settings/security/actions.ts#rotateScimTokenAction": {
    scope: "none",
    reason: "replaces the caller's own organization's SCIM token (orgId comes from the session)",
    fields: () => ({}),
  },
  "app/(portal)/settings/security/actions.ts#saveSsoRequirementAction": {
    scope: "none",
    reason: "sets the caller's own organization's rule (orgId comes from the session)",
    fields: () => ({ isSsoRequired: "on" }),
  },
  "app/(portal)/settings/security/actions.ts#saveKeyActionDelegationAction": {
    scope: "none",
    reason: "sets the caller's own organisation's rule (orgId comes from the session)",
    fields: () => ({ membersMayManageKeys: "on" }),
  },
  "app/(portal)/settings/notifications/actions.ts#sendTestWebhookAction": {
    scope: "org",
    fields: (a) => ({ channelId: a.channelId }),
  },
  "app/(portal)/settings/notifications/actions.ts#removeChannelAction": {
    scope: "org",
    fields: (a) => ({ channelId: a.channelId }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#requestRevocationAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, reason: "probe revocation" }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#undoRevocationAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, reason: "probe undo" }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#setActivationPinAction": {
    scope: "org",
    fields: (a) => ({
      licenseId: a.licenseId,
      pin: "probe-passphrase-123",
      confirmPin: "probe-passphrase-123",
      mode: ACTIVATION_PIN_MODES[0],
    }),
  },
  "app/(portal)/licenses/[licenseId]/actions.ts#clearActivationPinAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId }),
  },
  "app/admin/customers/[orgId]/actions.ts#resetMemberSecondFactorAction": {
    scope: "staff",
    fields: (a) => ({
      orgId: a.orgId,
      userId: a.memberUserId,
      reason: "probe: customer lost phone and codes",
      reasonCategory: "customer_request",
    }),
  },
  "app/(portal)/settings/api-tokens/actions.ts#createCustomerApiTokenAction": {
    scope: "none",
    reason: "creates a token of the caller's own organisation only (orgId comes from the session)",
    fields: () => ({ name: "probe pipeline", scopes: ["licenses:read", "keys:read"], lifetimeDays: "30" }),
  },
  "app/(portal)/settings/api-tokens/actions.ts#revokeCustomerApiTokenAction": {
    scope: "org",
    fields: (a) => ({ tokenId: a.customerTokenId }),
  },
  "app/admin/security/actions.ts#setStaffPasskeyRequirementAction": {
    scope: "staff",
    fields: () => ({
      email: "support@rekey.example",
      isRequired: "required",
      reason: "probe: staff use passkeys",
      reasonCategory: "security",
    }),
  },
  "app/status/actions.ts#subscribeToStatusAction": {
    scope: "none",
    reason: "status-page subscription by email, before any session",
    fields: () => ({ email: "status-watcher@test.example" }),
  },
  "app/status/actions.ts#unsubscribeFromStatusAction": {
    scope: "none",
    reason: "one-click unsubscribe proven by a token, before any session",
    fields: () => ({ s: "00000000-0000-4000-8000-000000000000", token: "0".repeat(64) }),
  },
  "app/(portal)/licenses/[licenseId]/notifications/actions.ts#chooseLicenseChannelsAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, choice: "chosen", channelIds: [a.channelId] }),
  },
  "app/(portal)/settings/notifications/[channelId]/actions.ts#resendChannelDeliveryAction": {
    scope: "org",
    fields: (a) => ({ channelId: a.channelId, deliveryId: "00000000-0000-4000-8000-000000000000" }),
  },
  "app/(portal)/licenses/[licenseId]/downloads/actions.ts#setReleaseNoticesAction": {
    scope: "org",
    fields: (a) => ({ licenseId: a.licenseId, choice: "subscribe" }),
  },
};

/** A well-formed id that names nothing: the action must pass zod and then answer 404. */
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
const staffReason = { reason: "probe staff action", reasonCategory: "customer_request" };
const staffLicense = (a: Tenant) => ({ ...staffReason, licenseId: a.licenseId });

/**
 * Staff actions: a customer must get 403 before any input is read (isolation probe); a verified
 * admin gets these as the valid input the fuzzer mutates, so zod is what refuses (bad-input suite).
 * Ids a tenant does not own (deliveries, approvals, bulk runs, flags, incidents, freezes, signing
 * keys) are well-formed ids of nothing.
 */
const STAFF_ACTION_FIELDS: Record<string, (victim: Tenant) => Fields> = {
  "app/admin/customers/[orgId]/actions.ts#resetSsoConnectionAction": (a) => ({ ...staffReason, orgId: a.orgId }),
  "app/admin/anomalies/actions.ts#resolveAnomalyAction": () => ({ ...staffReason, flagId: NO_SUCH_ID }),
  "app/admin/approvals/actions.ts#approveRequestAction": () => ({ ...staffReason, approvalId: NO_SUCH_ID }),
  "app/admin/approvals/actions.ts#rejectRequestAction": () => ({ ...staffReason, approvalId: NO_SUCH_ID }),
  // The default policy's rules, so the probe leaves every other action as it found it.
  "app/admin/approvals/actions.ts#saveFourEyesPolicyAction": () => ({ ...staffReason, extendBeyondDays: "" }),
  "app/admin/bulk/actions.ts#requestBulkRotationAction": (a) => ({
    ...staffReason,
    productId: a.productId,
    editionId: a.editionId,
    orgId: a.orgId,
    status: "active",
    expiringWithinDays: "",
    wavePercents: "10, 100",
    overlapMinutes: "1440",
    soakMinutes: "60",
    haltFailurePercent: "5",
    haltMinFailures: "3",
  }),
  "app/admin/bulk/actions.ts#pauseBulkRotationAction": () => ({ ...staffReason, bulkRunId: NO_SUCH_ID }),
  "app/admin/bulk/actions.ts#resumeBulkRotationAction": () => ({ ...staffReason, bulkRunId: NO_SUCH_ID }),
  "app/admin/bulk/actions.ts#cancelBulkRotationAction": () => ({ ...staffReason, bulkRunId: NO_SUCH_ID }),
  "app/admin/bulk/actions.ts#getBulkRotationProgressAction": () => ({ bulkRunId: NO_SUCH_ID }),
  // Far in the future: the probe's schedule changes nothing the other probes read.
  "app/admin/customers/[orgId]/actions.ts#scheduleOffboardingAction": (a) => ({
    ...staffReason,
    orgId: a.orgId,
    endsAt: "2099-12-31",
    licenseEnding: "expire",
  }),
  "app/admin/customers/[orgId]/actions.ts#cancelOffboardingAction": (a) => ({
    ...staffReason,
    orgId: a.orgId,
    offboardingId: NO_SUCH_ID,
  }),
  // An unknown customer: suspending the probe tenant's licenses would change what later actions see.
  "app/admin/customers/[orgId]/actions.ts#suspendCustomerLicensesAction": () => ({ ...staffReason, orgId: NO_SUCH_ID }),
  "app/admin/deliveries/actions.ts#retryDeliveryAction": () => ({ ...staffReason, outboxId: NO_SUCH_ID }),
  "app/admin/deliveries/actions.ts#resendNoticeAction": () => ({ ...staffReason, outboxId: NO_SUCH_ID }),
  "app/admin/license-pins/actions.ts#staffSetActivationPinAction": (a) => ({
    ...staffLicense(a),
    pin: "probe-passphrase-123",
    mode: ACTIVATION_PIN_MODES[0],
  }),
  "app/admin/licenses/[licenseId]/actions.ts#reissueKeyAction": (a) => ({ ...staffLicense(a), overlapMinutes: "1440" }),
  "app/admin/licenses/[licenseId]/actions.ts#suspendLicenseAction": staffLicense,
  "app/admin/licenses/[licenseId]/actions.ts#resumeLicenseAction": staffLicense,
  "app/admin/licenses/[licenseId]/actions.ts#revokeLicenseAction": (a) => ({ ...staffLicense(a), isEmergency: "on" }),
  "app/admin/licenses/[licenseId]/actions.ts#undoRevocationAction": staffLicense,
  "app/admin/licenses/[licenseId]/actions.ts#extendExpiryAction": (a) => ({
    ...staffLicense(a),
    expiresAt: "2028-06-30",
  }),
  "app/admin/licenses/[licenseId]/actions.ts#changeSeatsAction": (a) => ({ ...staffLicense(a), seats: "12" }),
  "app/admin/licenses/[licenseId]/actions.ts#deactivateDeviceAction": (a) => ({
    ...staffLicense(a),
    deviceId: a.deviceId,
  }),
  "app/admin/licenses/[licenseId]/actions.ts#waiveDeviceTransfersAction": (a) => staffLicense(a),
  "app/admin/licenses/[licenseId]/actions.ts#endTermAction": staffLicense,
  "app/admin/policies/actions.ts#saveRotationPolicyAction": (a) => ({
    ...staffReason,
    productId: a.productId,
    editionId: a.editionId,
    allowedCadenceDays: ["30", "90"],
    allowManualCadence: "on",
    minOverlapMinutes: "60",
    maxOverlapMinutes: "10080",
    minNoticeDays: "3",
    maxPostponeDays: "14",
    allowTokenBridging: "on",
    expiryGraceDays: "7",
    maxKeyAgeDays: "365",
    retireUnusedKeysAfterDays: "",
    revocationUndoHours: "24",
  }),
  "app/admin/policies/actions.ts#addFreezePeriodAction": (a) => ({
    ...staffReason,
    productId: a.productId,
    label: "Probe freeze",
    startsAt: "2027-12-20",
    endsAt: "2028-01-05",
  }),
  "app/admin/policies/actions.ts#removeFreezePeriodAction": () => ({ ...staffReason, freezeId: NO_SUCH_ID }),
  "app/admin/policies/actions.ts#restoreRotationPolicyAction": () => ({ ...staffReason, policyId: NO_SUCH_ID }),
  "app/admin/signing-keys/actions.ts#generateSigningKeyAction": (a) => ({
    ...staffReason,
    scope: `product:${a.productId}`,
    algorithm: "ES256",
  }),
  "app/admin/signing-keys/actions.ts#activateSigningKeyAction": () => ({
    ...staffReason,
    kid: "probe-no-such-signing-key",
  }),
  "app/admin/signing-keys/actions.ts#retireSigningKeyAction": () => ({
    ...staffReason,
    kid: "probe-no-such-signing-key",
  }),
  "app/admin/signing-keys/actions.ts#requestSigningKeyRevocationAction": () => ({
    ...staffReason,
    kid: "probe-no-such-signing-key",
  }),
  "app/admin/signing-keys/actions.ts#holdSigningKeyRotationAction": () => ({
    ...staffReason,
    kid: "probe-no-such-signing-key",
  }),
  "app/admin/signing-keys/actions.ts#releaseSigningKeyRotationAction": () => ({
    ...staffReason,
    kid: "probe-no-such-signing-key",
  }),
  "app/admin/status/actions.ts#createIncidentAction": () => ({
    ...staffReason,
    title: "Probe incident",
    impact: "minor",
    components: ["api", "portal"],
    message: "Probe incident message for customers.",
  }),
  "app/admin/status/actions.ts#postIncidentUpdateAction": () => ({
    ...staffReason,
    incidentId: NO_SUCH_ID,
    state: "monitoring",
    message: "Probe incident update for customers.",
  }),
  "app/admin/catalog/actions.ts#createProductAction": () => ({
    ...staffReason,
    code: "probe-product",
    name: "Probe product",
    description: "made by the probe",
  }),
  "app/admin/catalog/actions.ts#addFeatureAction": (a) => ({
    ...staffReason,
    productId: a.productId,
    code: "probe-feature",
    name: "Probe feature",
  }),
  "app/admin/catalog/actions.ts#createEditionAction": (a) => ({
    ...staffReason,
    productId: a.productId,
    code: "probe-edition",
    name: "Probe edition",
    featureIds: [],
    defaultSeats: "3",
    defaultTermDays: "365",
    defaultOfflineGraceDays: "7",
  }),
  "app/admin/catalog/actions.ts#setEditionSeatTokensAction": (a) => ({
    ...staffReason,
    editionId: a.editionId,
    requireSeatToken: "on",
  }),
  "app/admin/customers/new/actions.ts#createCustomerAction": () => ({
    ...staffReason,
    name: "Probe customer",
    ownerEmail: "probe-owner@test.example",
  }),
  "app/admin/customers/[orgId]/licenses/new/actions.ts#createLicenseAction": (a) => ({
    ...staffReason,
    orgId: a.orgId,
    editionId: a.editionId,
    seats: "3",
    termDays: "365",
    offlineGraceDays: "7",
    metadata: "order = probe-1",
    notes: "made by the probe",
  }),
  "app/admin/licenses/[licenseId]/actions.ts#changeEditionAction": (a) => ({
    ...staffLicense(a),
    editionId: a.editionId,
  }),
  "app/admin/api-tokens/actions.ts#createApiTokenAction": () => ({
    ...staffReason,
    name: "Probe CRM",
    scope: "read",
    expiresOn: "",
  }),
  "app/admin/api-tokens/actions.ts#rollApiTokenAction": () => ({
    ...staffReason,
    tokenId: NO_SUCH_ID,
    overlapMinutes: "60",
  }),
  "app/admin/api-tokens/actions.ts#revokeApiTokenAction": () => ({ ...staffReason, tokenId: NO_SUCH_ID }),
  "app/admin/api-tokens/actions.ts#collectApiTokenAction": () => ({ approvalId: NO_SUCH_ID }),
  "app/admin/billing/actions.ts#saveStripeWebhookSecretAction": () => ({
    ...staffReason,
    webhookSecret: `whsec_${"p".repeat(32)}`,
  }),
  "app/admin/billing/actions.ts#mapStripePriceAction": (a) => ({
    ...staffReason,
    priceId: "price_probe1",
    editionId: a.editionId,
  }),
  "app/admin/billing/actions.ts#unmapStripePriceAction": () => ({ ...staffReason, priceId: "price_probenothing" }),
  "app/admin/webhooks/actions.ts#createVendorEndpointAction": () => ({
    ...staffReason,
    url: "https://crm.test.example/rekey",
    description: "probe",
    eventTypes: ["license.created", "device.activated"],
  }),
  "app/admin/webhooks/actions.ts#updateVendorEndpointEventsAction": () => ({
    ...staffReason,
    endpointId: NO_SUCH_ID,
    eventTypes: ["license.updated"],
  }),
  "app/admin/webhooks/actions.ts#setVendorEndpointEnabledAction": () => ({
    ...staffReason,
    endpointId: NO_SUCH_ID,
    isEnabled: "false",
  }),
  "app/admin/webhooks/actions.ts#deleteVendorEndpointAction": () => ({ ...staffReason, endpointId: NO_SUCH_ID }),
  "app/admin/webhooks/actions.ts#rollVendorEndpointSecretAction": () => ({
    ...staffReason,
    endpointId: NO_SUCH_ID,
    overlapMinutes: "60",
  }),
  "app/admin/webhooks/actions.ts#sendTestVendorWebhookAction": () => ({ endpointId: NO_SUCH_ID }),
  "app/admin/webhooks/actions.ts#resendVendorDeliveryAction": () => ({ ...staffReason, outboxId: NO_SUCH_ID }),
  "app/admin/releases/actions.ts#createReleaseAction": (a) => ({
    ...staffReason,
    productId: a.productId,
    version: "9.9.9",
    channel: "stable",
    notes: "probe",
  }),
  "app/admin/releases/actions.ts#publishReleaseAction": (a) => ({ ...staffReason, releaseId: a.releaseId }),
  "app/admin/releases/actions.ts#yankReleaseAction": (a) => ({ ...staffReason, releaseId: a.releaseId }),
  "app/admin/trials/actions.ts#convertTrialAction": (a) => ({
    ...staffLicense(a),
    editionId: a.editionId,
    seats: "5",
    expiresOn: "2028-06-30",
    overlapMinutes: "1440",
  }),
};

export function actionDriverFor(id: string): ActionDriver | undefined {
  const staffFields = STAFF_ACTION_FIELDS[id];
  return ACTION_DRIVERS[id] ?? (staffFields ? { scope: "staff", fields: staffFields } : undefined);
}

export interface RouteRequest {
  path: string;
  init?: RequestInit;
  params?: Record<string, string | string[]>;
}

export type RouteDriver =
  /** Org-scoped (session) or key-scoped: org B's session or key with org A's ids must be refused (4xx). */
  | { scope: "org" | "key"; request: (victim: Tenant, caller: Tenant) => RouteRequest }
  /** Staff only: a customer's session must get 403/404 before anything is read. */
  | { scope: "staff"; request: (victim: Tenant, caller: Tenant) => RouteRequest }
  /**
   * Management API (issue 15): a vendor-wide API token, not a session, is the credential. The request
   * carries the caller's `full` token for the fuzzer; the isolation probe sends it without one, as a
   * customer's session alone, and it must be 401. Wrong scopes: app/api/v1/manage/management-api.test.ts.
   */
  | { scope: "token"; request: (victim: Tenant, caller: Tenant) => RouteRequest }
  | { scope: "none"; reason: string; request?: (victim: Tenant, caller: Tenant) => RouteRequest };

/** The metrics token the app harness configures, so the probe reaches past the bearer check. */
export const PROBE_METRICS_TOKEN = "probe-metrics-token";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const withToken = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
});

const customerLicenseCall = (victim: Tenant, caller: Tenant, rest: string, init: RequestInit = {}): RouteRequest => ({
  path: `/api/v1/customer/licenses/${victim.licenseId}/${rest}`,
  init: withToken(caller.customerToken, init),
  params: { licenseId: victim.licenseId },
});

/** Org B's directory (its SCIM token) naming org A's User: must be 404 (RFC 7644 §3.12). */
const scimUserCall = (victim: Tenant, caller: Tenant, method: string, body?: unknown): RouteRequest => ({
  path: `/scim/v2/Users/${victim.scimUserId}`,
  init: withToken(caller.scimToken, body === undefined ? { method } : { ...json(body), method }),
  params: { id: victim.scimUserId },
});

export const ROUTE_DRIVERS: Record<string, RouteDriver> = {
  "GET /.well-known/jwks.json": { scope: "none", reason: "public keys, the same for everyone" },
  "GET /api/auth/[...nextauth]": { scope: "none", reason: "Auth.js endpoints act on the caller's own session" },
  "POST /api/auth/[...nextauth]": { scope: "none", reason: "Auth.js endpoints act on the caller's own session" },
  "GET /api/health": { scope: "none", reason: "liveness, no data" },
  "GET /scim/v2/Users": {
    scope: "none",
    reason: "the SCIM token names the organization; the list is the caller's own Users",
    request: (_a, b) => ({ path: "/scim/v2/Users", init: withToken(b.scimToken) }),
  },
  "POST /scim/v2/Users": {
    scope: "none",
    reason: "the SCIM token names the organization the User is added to; no other tenant's id is named",
    request: (_a, b) => ({
      path: "/scim/v2/Users",
      init: withToken(b.scimToken, {
        ...json({ schemas: [SCIM_USER_SCHEMA], userName: `fuzz-${crypto.randomUUID().slice(0, 8)}@probe.example` }),
      }),
    }),
  },
  "GET /scim/v2/Users/[id]": { scope: "key", request: (a, b) => scimUserCall(a, b, "GET") },
  "PATCH /scim/v2/Users/[id]": {
    scope: "key",
    request: (a, b) =>
      scimUserCall(a, b, "PATCH", {
        schemas: [SCIM_PATCH_OP_SCHEMA],
        Operations: [{ op: "replace", path: "active", value: false }],
      }),
  },
  "DELETE /scim/v2/Users/[id]": { scope: "key", request: (a, b) => scimUserCall(a, b, "DELETE") },
  "GET /signin/sso/callback": {
    scope: "none",
    reason: "finishes only the sign-in this browser started (its state cookie); names no tenant's ids",
    request: () => ({ path: "/signin/sso/callback?code=probe-code&state=probe-state" }),
  },
  // The fuzzer posts JSON and form bodies without a SAMLResponse field: each must be a 400 naming it.
  // Signed, unsigned, wrapped and replayed responses: lib/identity/saml-sso.test.ts.
  "POST /signin/sso/saml/acs": {
    scope: "none",
    reason:
      "finishes only the SAML sign-in this browser started (its request cookie); the organization comes from that request, never from the response",
  },
  "GET /signin/sso/saml/metadata": { scope: "none", reason: "Rekey's SP metadata, the same for every organization" },
  "GET /status/unavailable": { scope: "none", reason: "the outage page, the same for everyone" },
  "GET /api/v1/openapi.json": { scope: "none", reason: "public API description" },
  "GET /api/v1/revocations": {
    scope: "none",
    reason: "the public revocation feed lists key ids only, for every client",
  },
  "GET /api/v1/revocations/stream": {
    scope: "none",
    reason: "the public revocation feed lists key ids only, for every client",
  },
  "POST /api/v1/licenses/validate": {
    scope: "none",
    reason: "answers only about the key sent; a key is its own credential",
    request: (a) => ({ path: "/api/v1/licenses/validate", init: json({ key: a.key }) }),
  },
  "POST /api/v1/devices/activate": {
    scope: "none",
    reason: "binds a machine to the license of the key sent, never another",
    request: (a) => ({
      path: "/api/v1/devices/activate",
      init: json({ key: a.key, fingerprint: "fuzz-machine-0001" }),
    }),
  },
  "POST /api/v1/keys/exchange": {
    scope: "none",
    reason: "exchanges only the key sent",
    request: (a) => ({ path: "/api/v1/keys/exchange", init: json({ key: a.key }) }),
  },
  "POST /api/v1/devices/heartbeat": {
    scope: "key",
    request: (a, b) => ({ path: "/api/v1/devices/heartbeat", init: json({ key: b.key, fingerprint: a.fingerprint }) }),
  },
  "POST /api/v1/devices/deactivate": {
    scope: "key",
    request: (a, b) => ({ path: "/api/v1/devices/deactivate", init: json({ key: b.key, fingerprint: a.fingerprint }) }),
  },
  "POST /api/v1/leases/checkout": {
    scope: "none",
    reason: "leases a seat of the license of the key sent, never another",
    request: (a) => ({ path: "/api/v1/leases/checkout", init: json({ key: a.key, fingerprint: "fuzz-machine-0001" }) }),
  },
  "POST /api/v1/leases/heartbeat": {
    scope: "key",
    request: (a, b) => ({ path: "/api/v1/leases/heartbeat", init: json({ key: b.key, fingerprint: a.fingerprint }) }),
  },
  "POST /api/v1/leases/release": {
    scope: "key",
    request: (a, b) => ({ path: "/api/v1/leases/release", init: json({ key: b.key, fingerprint: a.fingerprint }) }),
  },
  "POST /api/v1/usage": {
    scope: "none",
    reason: "records usage against the license of the key sent, never another",
    request: (a) => ({
      path: "/api/v1/usage",
      init: json({ key: a.key, meter: "exports", quantity: 1, id: "probe-record-0001" }),
    }),
  },
  "GET /licenses/[licenseId]/license-file": {
    scope: "org",
    request: (a) => ({ path: `/licenses/${a.licenseId}/license-file`, params: { licenseId: a.licenseId } }),
  },
  "GET /held/[licenseId]/license-file": {
    scope: "org",
    request: (a) => ({ path: `/held/${a.licenseId}/license-file`, params: { licenseId: a.licenseId } }),
  },
  "GET /audit/export": { scope: "org", request: () => ({ path: "/audit/export?category=all" }) },
  "GET /audit/verifiable-export": {
    scope: "none",
    reason:
      "exports the caller's own organisation (from the session), takes no ids, and records the export with a signed checkpoint",
    request: () => ({ path: "/audit/verifiable-export" }),
  },
  "GET /admin/audit/export": { scope: "staff", request: (a) => ({ path: `/admin/audit/export?org=${a.orgId}` }) },
  "GET /admin/audit/verifiable-export": {
    scope: "staff",
    request: (a) => ({ path: `/admin/audit/verifiable-export?org=${a.orgId}` }),
  },
  "GET /api/v1/manage/[...path]": {
    scope: "token",
    request: (a, caller) => ({
      path: `/api/v1/manage/licenses?customer=${a.orgId}`,
      init: withToken(caller.managementToken),
      params: { path: ["licenses"] },
    }),
  },
  "POST /api/v1/manage/[...path]": {
    scope: "token",
    request: (_, caller) => ({
      path: "/api/v1/manage/products",
      init: withToken(
        caller.managementToken,
        json({
          ...staffReason,
          code: "probe-api-product",
          name: "Probe API product",
          description: "made by the probe",
        }),
      ),
      params: { path: ["products"] },
    }),
  },
  "PATCH /api/v1/manage/[...path]": {
    scope: "token",
    request: (a, caller) => ({
      path: `/api/v1/manage/licenses/${a.licenseId}`,
      init: withToken(caller.managementToken, { ...json({ ...staffReason, seats: 12 }), method: "PATCH" }),
      params: { path: ["licenses", a.licenseId] },
    }),
  },
  // The customer API (issue 17): org B's own token with org A's ids must be a 404 (and records no use).
  // The list names no id: the probe sends org B's session without the token, which must be 401; that
  // a token lists only its own organization is lib/api-tokens/customer-api-tokens.test.ts.
  "GET /api/v1/customer/licenses": {
    scope: "token",
    request: (_, caller) => ({ path: "/api/v1/customer/licenses", init: withToken(caller.customerToken) }),
  },
  "GET /api/v1/customer/licenses/[licenseId]/key": {
    scope: "org",
    request: (a, caller) => customerLicenseCall(a, caller, "key?which=current"),
  },
  "GET /api/v1/customer/licenses/[licenseId]/license-file": {
    scope: "org",
    request: (a, caller) => customerLicenseCall(a, caller, "license-file"),
  },
  "GET /api/v1/customer/licenses/[licenseId]/devices": {
    scope: "org",
    request: (a, caller) => customerLicenseCall(a, caller, "devices"),
  },
  "POST /api/v1/customer/licenses/[licenseId]/rotate": {
    scope: "org",
    request: (a, caller) => customerLicenseCall(a, caller, "rotate", json({ overlapMinutes: 60 })),
  },
  "POST /api/v1/customer/licenses/[licenseId]/postpone": {
    scope: "org",
    request: (a, caller) => customerLicenseCall(a, caller, "postpone", json({})),
  },
  // Stripe's own credential is the signature over the body; nothing in it names a tenant the caller chooses.
  "POST /api/webhooks/stripe": {
    scope: "none",
    reason:
      "Stripe's events, proven by the Stripe-Signature header (lib/billing/verify-stripe-event.ts); unsigned or forged bodies are 400/404 before anything is read",
    request: (a) => ({
      path: "/api/webhooks/stripe",
      init: json({
        id: "evt_probe",
        object: "event",
        type: "checkout.session.completed",
        data: {
          object: { id: "cs_probe", customer_details: { email: `probe-buyer-${a.orgId.slice(0, 8)}@test.example` } },
        },
      }),
    }),
  },
  "GET /api/v1/releases/upgrade": {
    scope: "key",
    request: (a, b) => ({
      path: `/api/v1/releases/upgrade?product=${a.productCode}&version=0.0.1&platform=linux`,
      init: { headers: { authorization: `Bearer ${b.key}` } },
    }),
  },
  "GET /api/v1/releases/download": {
    scope: "none",
    reason:
      "the signed link is its own credential for one artifact of one license (lib/releases/download-link.ts); a link not made by the server is 404",
    request: (a) => ({ path: `/api/v1/releases/download?token=${a.artifactId}.forged` }),
  },
  "PUT /api/v1/manage/releases/[releaseId]/artifacts": {
    scope: "token",
    request: (a, caller) => ({
      path: `/api/v1/manage/releases/${a.releaseId}/artifacts?platform=linux&arch=arm64&fileName=probe.tar.gz`,
      init: withToken(caller.managementToken, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        // A file's bytes may be anything; JSON here lets the fuzzer mutate them like any body.
        body: JSON.stringify({ file: "probe bytes" }),
      }),
      params: { releaseId: a.releaseId },
    }),
  },
  "GET /licenses/[licenseId]/downloads/[artifactId]": {
    scope: "org",
    request: (a) => ({
      path: `/licenses/${a.licenseId}/downloads/${a.artifactId}`,
      params: { licenseId: a.licenseId, artifactId: a.artifactId },
    }),
  },
  "GET /held/[licenseId]/downloads/[artifactId]": {
    scope: "org",
    request: (a) => ({
      path: `/held/${a.licenseId}/downloads/${a.artifactId}`,
      params: { licenseId: a.licenseId, artifactId: a.artifactId },
    }),
  },
  "GET /metrics": {
    scope: "none",
    reason:
      "instance-wide counts (by state, kind, product) for the operator's scraper holding REKEY_METRICS_TOKEN; no organisation's ids",
    request: () => ({ path: "/metrics", init: { headers: { authorization: `Bearer ${PROBE_METRICS_TOKEN}` } } }),
  },
};

/** Dynamic segment name → the victim's object of that kind. */
export const PARAM_IDS: Record<string, (victim: Tenant) => string> = {
  licenseId: (a) => a.licenseId,
  deviceId: (a) => a.deviceId,
  channelId: (a) => a.channelId,
  keyId: (a) => a.keyId,
  userId: (a) => a.memberUserId,
  orgId: (a) => a.orgId,
  productId: (a) => a.productId,
  // An invitation link's token is its own credential: a well-formed token of nothing must be a 404.
  token: () => "A".repeat(43),
  // Staff-only pages: any id will do, the admin layout refuses a customer before reading it.
  bulkRunId: () => "00000000-0000-4000-8000-000000000000",
  // Releases are the vendor's; the admin pages refuse a customer before reading one.
  releaseId: (a) => a.releaseId,
  artifactId: (a) => a.artifactId,
};

/** Pages that are not scoped to a tenant at all, with why. */
export const UNSCOPED_PAGES: Record<string, string> = {
  "/dev/mailbox": "development-only outbox viewer; 404 in production unless REKEY_DEV_MAILBOX (e2e only)",
};
