import {
  confirmTotpEnrolmentAction,
  disableTotpAction,
  regenerateRecoveryCodesAction,
  startTotpEnrolmentAction,
} from "./actions";

/** The actions the security settings component needs, in one place for the customer and staff pages. */
export const secondFactorActions = {
  startAction: startTotpEnrolmentAction,
  confirmAction: confirmTotpEnrolmentAction,
  regenerateAction: regenerateRecoveryCodesAction,
  disableAction: disableTotpAction,
};
