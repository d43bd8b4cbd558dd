export type { LastSeenTimeStorage } from "./check-clock-rollback.ts";
export { fingerprintHash } from "./fingerprint-hash.ts";
export {
  createJwksCache,
  JwksUnavailableError,
  SIGNING_ALGORITHMS,
  UnknownKeyIdError,
  type CreateJwksCacheOptions,
  type JwksCache,
} from "./jwks-cache.ts";
export {
  LICENSE_FILE_VERSION,
  SUPPORTED_LICENSE_FILE_VERSIONS,
  type LicenseClaims,
  type LicenseFileVersion,
} from "./license-claims.ts";
export { jwksUrl } from "./portal-url.ts";
export { SIGNING_KEY_SCOPE_MEMBER, type SignedSubject } from "./signing-key-scope.ts";
export {
  validateOnline,
  VALIDATION_TOKEN_AUDIENCE,
  type OnlineValidationCode,
  type OnlineValidationResult,
  type Problem,
  type KeptAccess,
  type ValidatedKey,
  type ValidatedLicense,
  type ValidateOnlineOptions,
  type ValidationVerdict,
} from "./validate-online.ts";
export {
  verifyLicenseFile,
  type LicenseFileCode,
  type LicenseFileResult,
  type VerifyLicenseFileOptions,
} from "./verify-license-file.ts";
export {
  activate,
  deactivate,
  heartbeat,
  readStoredLease,
  type ActivationPinCode,
  type DeactivationResult,
  type DeviceCallOptions,
  type DeviceLease,
  type DeviceLeaseResult,
  type DeviceRefusalCode,
  type StoredLeaseReading,
} from "./device-lease.ts";
export {
  startHeartbeatLoop,
  type HeartbeatLoop,
  type HeartbeatLoopOptions,
  type LeaseState,
  type LeaseStorage,
  type Timers,
} from "./heartbeat-loop.ts";
export {
  createOfflineActivationRequest,
  createOfflineDeactivationRequest,
  offlineRequestFile,
  verifyDeactivationReceipt,
  verifyOfflineActivation,
  type DeactivationReceiptResult,
  type OfflineActivationResult,
  type OfflineDeactivationRequestResult,
} from "./offline-activation.ts";
export {
  DEACTIVATION_RECEIPT_AUDIENCE,
  DEVICE_LEASE_AUDIENCE,
  DEVICE_REFUSAL_AUDIENCE,
  FLOATING_LEASE_AUDIENCE,
  type FloatingLeaseClaims,
  offlineFingerprintSalt,
  OFFLINE_ACTIVATION_REQUEST_FORMAT,
  OFFLINE_DEACTIVATION_REQUEST_FORMAT,
  OFFLINE_REQUEST_VERSION,
  type DeviceLeaseClaims,
  type OfflineActivationRequest,
  type OfflineDeactivationRequest,
} from "./device-protocol.ts";
export {
  exchangeKey,
  KEY_EXCHANGE_TOKEN_AUDIENCE,
  type ExchangeKeyOptions,
  type KeyExchangeResult,
} from "./exchange-key.ts";
export {
  REVOCATION_KINDS,
  REVOCATION_REASON_CODES,
  type RevocationEntry,
  type RevocationKind,
  type RevocationQuery,
  type RevocationReasonCode,
  type RevocationSource,
} from "./revocation-list.ts";
export {
  createRevocationSync,
  REVOCATIONS_TOKEN_AUDIENCE,
  type CreateRevocationSyncOptions,
  type RevocationSync,
  type RevocationSyncResult,
  type RevocationSyncState,
  type RevocationSyncStorage,
} from "./revocation-sync.ts";
export {
  borrowLease,
  checkoutLease,
  releaseLease,
  renewLease,
  type FloatingLease,
  type FloatingLeaseResult,
  type FloatingReleaseResult,
} from "./floating-lease.ts";
export {
  ARTIFACT_DIGEST_TYPE,
  checkForUpdate,
  verifyArtifact,
  type ArtifactClaims,
  type ArtifactVerification,
  type AvailableUpdate,
  type CheckForUpdateOptions,
  type UpdateCheckResult,
} from "./releases.ts";
export { VALIDATION_CODES } from "./protocol.ts";
export { parseLicenseKeyPrefix } from "./license-key-prefix.ts";
export {
  EXPIRY_STRATEGIES,
  OVERAGE_STRATEGIES,
  USAGE_PERIODS,
  type ExpiryStrategy,
  type OverageStrategy,
  type UsagePeriod,
} from "./licensing-models.ts";
export { recordUsage, type MeterUsage, type RecordUsageOptions, type UsageResult } from "./usage.ts";
