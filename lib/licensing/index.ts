export { EXPIRING_SOON_DAYS, daysUntil, expiryGraceEndsAt, isExpiringSoon } from "./expiry";
export { listLicenses, type LicenseSummary } from "./list-licenses";
export { getLicense, type LicenseDetail } from "./get-license";
export { searchCustomers, CUSTOMER_SEARCH_PAGE_SIZE } from "./search-customers";
export { generateLicenseKey, maskLicenseKey, parseLicenseKey } from "./license-key-format";
export { issueLicenseKey, openLicenseKey, type KeySecrets } from "./license-key-secrets";
export { answerValidation, validateLicenseKey, type ValidationResult } from "./validate-license-key";
export { signValidationResponse, VALIDATION_AUDIENCE } from "./sign-validation-response";
export { ValidationTelemetry, type ValidationObservation } from "./validation-telemetry";
export { issueLicenseFile, LICENSE_FILE_FORMAT_VERSION } from "./issue-license-file";
export { revealLicenseKey } from "./reveal-license-key";
export { pullLicenseKey, type KeyChoice } from "./pull-license-key";
export {
  admitToKeyMaterial,
  keyMaterialRefusal,
  ReauthenticationRequired,
  RECENT_SIGN_IN_MINUTES,
  type KeyMaterialPass,
  type KeyMaterialSession,
  type KeyMaterialToken,
} from "./key-material-gate";
export { VALIDATION_CODE_GUIDE } from "./validation-codes";
export {
  listRevocations,
  REVOCATIONS_AUDIENCE,
  signRevocationPage,
  signRevocationPageJson,
  type RevocationPage,
} from "./list-revocations";
export { createRevocationStream } from "./revocation-stream";
export { createRevocationFanOut, type RevocationFanOut } from "./revocation-fan-out";
export { renewalLink, sendRenewalReminders } from "./send-renewal-reminders";
export { retireUnusedKeys } from "./retire-unused-keys";
export { recordLicenseExpiries } from "./record-license-expiries";
export { isActiveKey, licenseKeyTransitions, type LicenseKeyState } from "./license-key-transitions";
export {
  clientStatusOf,
  isExpired,
  isLive,
  isRevoked,
  isRevokedOrRevoking,
  isRevoking,
  isSuspended,
  licenseMachine,
  licenseTransitions,
  type LicenseAction,
  type LicenseStatus,
} from "./license-transitions";
export { findLicenseNames, type NoticeDeps } from "./license-notices";
export { suspendLicense } from "./suspend-license";
export { resumeLicense } from "./resume-license";
export {
  revokeLicense,
  revokeLicenseInTransaction,
  sendRevocationNotice,
  type RevokeLicenseInput,
} from "./revoke-license";
export { undoLicenseRevocation } from "./undo-license-revocation";
export { finaliseDueRevocations } from "./finalise-due-revocations";
export { previewLicenseRevocation, type RevocationPreview } from "./preview-license-revocation";
export {
  extendLicenseExpiry,
  extendLicenseExpiryInTransaction,
  extensionFloor,
  sendExtensionNotice,
  type LicenseExtension,
} from "./extend-license-expiry";
export {
  assertTermMayEnd,
  describeTermEnd,
  endLicenseTerm,
  endLicenseTermInTransaction,
  isTermRunning,
  loadTermEndPreview,
  previewTermEnd,
  sendTermEndedNotice,
  type TermEndPreview,
  type TermEnding,
} from "./end-license-term";
export { changeLicenseSeats } from "./change-license-seats";
export { revocationFeedEtag } from "./revocation-feed-head";
export { isTrialEdition, TRIAL_EDITION_CODE, TRIAL_ENDING_SOON_DAYS } from "./trial";
export { listTrialLicenses, type TrialLicense } from "./list-trial-licenses";
export { listPinLicenses } from "./list-pin-licenses";
export { createLicense } from "./create-license";
export { lockLicense } from "./lock-license";
export { finaliseRevocation } from "./finalise-revocation";
export { moveLicenseExpiry } from "./move-license-expiry";
export { changeLicenseEdition } from "./change-license-edition";
export { findLicenseStanding, type LicenseStanding } from "./license-standing";
export {
  findLicenseByKey,
  findLicenseByPresentedKey,
  keyStanding,
  presentLicenseKey,
  type KeyedLicense,
  type KeyStandingCode,
  type PresentedKey,
} from "./resolve-license-key";
export { loadLicenseView, type LicenseView } from "./load-license-view";
export { loadStaffLicenseView, type StaffLicenseView } from "./load-staff-license-view";
export {
  findSuspendableLicenses,
  sendSuspensionNotices,
  suspendLicensesInTransaction,
  type SuspendLicensesInput,
} from "./suspend-organization-licenses";
