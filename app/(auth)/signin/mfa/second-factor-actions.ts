import {
  confirmTotpEnrolmentAction,
  disableTotpAction,
  finishPasskeyRegistrationAction,
  regenerateRecoveryCodesAction,
  removePasskeyAction,
  startPasskeyRegistrationAction,
  startTotpEnrolmentAction,
} from "./actions";

/** The actions the security settings component needs, in one place for the customer and staff pages. */
export const secondFactorActions = {
  startAction: startTotpEnrolmentAction,
  confirmAction: confirmTotpEnrolmentAction,
  regenerateAction: regenerateRecoveryCodesAction,
  disableAction: disableTotpAction,
};

/** The passkey card's actions, shared the same way. */
export const passkeyActions = {
  startAction: startPasskeyRegistrationAction,
  finishAction: finishPasskeyRegistrationAction,
  removeAction: removePasskeyAction,
};
