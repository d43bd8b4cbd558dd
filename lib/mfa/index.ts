export { startTotpEnrolment } from "./start-totp-enrolment";
export { confirmTotpEnrolment } from "./confirm-totp-enrolment";
export { verifySecondFactor } from "./verify-second-factor";
export { regenerateRecoveryCodes } from "./regenerate-recovery-codes";
export { disableTotp } from "./disable-totp";
export { resetMemberSecondFactor } from "./reset-member-second-factor";
export { getSecondFactorStatus, type SecondFactorStatus } from "./get-second-factor-status";
export { createSecondFactorLimiter, type SecondFactorLimiter, type SecondFactorLimits } from "./second-factor-limits";
export { totpSecretContext, type SecondFactorSecrets } from "./second-factor-codes";
export { RECOVERY_CODE_COUNT } from "./recovery-codes";
export {
  assertSecondFactor,
  secondFactorBlock,
  SecondFactorEnrolmentRequired,
  SecondFactorRequired,
  type SecondFactorState,
} from "./second-factor-errors";
export { startPasskeyRegistration } from "./start-passkey-registration";
export { finishPasskeyRegistration } from "./finish-passkey-registration";
export { startPasskeyVerification } from "./start-passkey-verification";
export { verifyPasskey } from "./verify-passkey";
export { removePasskey } from "./remove-passkey";
export { listPasskeys, type PasskeySummary } from "./list-passkeys";
export { setStaffPasskeyRequirement } from "./set-staff-passkey-requirement";
export { relyingPartyFor, type RelyingParty } from "./passkey-settings";
export {
  readKeptSecondFactorState,
  readSecondFactorState,
  secondFactorFactColumns,
  secondFactorState,
  secondFactorTotpJoin,
  type SecondFactorMethod,
} from "./second-factor-state";
