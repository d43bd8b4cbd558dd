export {
  getEffectiveRotationPreference,
  findEffectivePreference,
  type RotationPreference,
} from "./get-rotation-preference";
export { DEFAULT_POLICY, findRotationPolicy } from "./find-rotation-policy";
export { isValidTimeZone, nextWindowStart, upcomingWindows, type RotationWindow } from "./plan-window";
export { rotateNow } from "./rotate-now";
export { scheduleRotation, type ScheduleRotationInput } from "./schedule-rotation";
export { getKeyAdoption, type KeyAdoption } from "./get-key-adoption";
export type { AdoptedKey } from "./count-key-adoption";
export { getRotationProgress, type RotationProgress } from "./get-rotation-progress";
export { updateRotationPreferences } from "./update-rotation-preferences";
export {
  rotationTransitions,
  OPEN_ROTATION_STATES,
  isNewKeyIssued,
  isOverlapping,
  isUpcoming,
} from "./rotation-transitions";
export { bulkRotationMachine, isAwaitingApproval, isHalted, isInMotion } from "./bulk-rotation-transitions";
export { rollbackRotation } from "./rollback-rotation";
export { postponeRotation, previewPostponement } from "./postpone-rotation";
export { undoPostponement, POSTPONEMENT_UNDONE } from "./undo-postponement";
export { emergencyRotate } from "./emergency-rotate";
export { BridgingDisabled, exchangeKey, NoRotationInProgress, UnknownKey } from "./exchange-key";
export { describeRotationLink, type RotationLinkStanding } from "./describe-rotation-link";
export { licensePath, rotationActionPath, type RotationLinkAction } from "./rotation-links";
export { findRotationFeedbackPrompt, recordRotationFeedback, FEEDBACK_PROMPT_DAYS } from "./rotation-feedback";
export { requestBulkRotation } from "./request-bulk-rotation";
export { cancelBulkRotation, pauseBulkRotation, resumeBulkRotation } from "./control-bulk-rotation";
export {
  BULK_ROTATIONS_PAGE_SIZE,
  getBulkRotationProgress,
  listBulkRotations,
  type BulkRotationProgress,
  type BulkWaveProgress,
} from "./get-bulk-rotation-progress";
export { advanceBulkRotations, type BulkPassReport } from "./advance-bulk-rotations";
export { listBulkSelectionOptions } from "./list-bulk-selection-options";
export { reissueLicenseKey, type ReissueLicenseKeyInput } from "./reissue-license-key";
export { createRotationPolicyVersion } from "./create-rotation-policy-version";
export { restoreRotationPolicyVersion } from "./restore-rotation-policy-version";
export { describePolicyChanges, type PolicyRules } from "./describe-policy-changes";
export { addFreezePeriod, removeFreezePeriod } from "./freeze-periods";
export { listRotationPolicies, type PolicyCatalogue } from "./list-rotation-policies";
export { listLicenseRotations } from "./list-license-rotations";
export { convertTrialLicense, TRIAL_CONVERSION, type ConvertTrialInput } from "./convert-trial-license";
export { keyActionsFor, OWNER_ONLY_KEY_ACTIONS_RULE, type KeyActions } from "./key-action-permissions";
export {
  buildRotationHistory,
  FALLBACK_PREFERENCE,
  findNextRotation,
  getRotationOverview,
  type NextRotation,
  type RotationHistoryEntry,
  type RotationOverview,
  type RotationRecord,
  type RotationPreferenceValues,
} from "./rotation-overview";
