import { Forbidden } from "@/lib/errors";

/** What the current session has done about the second factor; read by every gate below. */
export interface SecondFactorState {
  isEnrolled: boolean;
  isVerified: boolean;
  /** Staff policy: only a passkey counts for this person. */
  isPasskeyRequired?: boolean;
  /** This session may add or remove a factor: the person has none yet, or this session proved one they have. */
  mayChangeFactors?: boolean;
}

export class SecondFactorRequired extends Forbidden {
  override readonly code: string = "SECOND_FACTOR_REQUIRED";
}

export class SecondFactorEnrolmentRequired extends Forbidden {
  override readonly code: string = "SECOND_FACTOR_ENROLMENT_REQUIRED";
}

/** The error that explains why `state` is not enough to `what` (e.g. "change customer data"), or null. */
export function secondFactorBlock(
  state: SecondFactorState,
  what: string,
): SecondFactorRequired | SecondFactorEnrolmentRequired | null {
  if (state.isPasskeyRequired) {
    if (!state.isEnrolled) return new SecondFactorEnrolmentRequired(`Register a passkey before you ${what}.`);
    if (!state.isVerified) return new SecondFactorRequired(`Confirm it's you with your passkey before you ${what}.`);
    return null;
  }
  if (!state.isEnrolled) return new SecondFactorEnrolmentRequired(`Set up an authenticator app before you ${what}.`);
  if (!state.isVerified)
    return new SecondFactorRequired(`Enter a code from your authenticator app before you ${what}.`);
  return null;
}

export function assertSecondFactor(state: SecondFactorState, what: string): void {
  const block = secondFactorBlock(state, what);
  if (block) throw block;
}
