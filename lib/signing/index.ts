export { SIGNING_ALGORITHMS, type SigningAlgorithm } from "./algorithms";
export { candidateScopes, editionScope, GLOBAL_SCOPE, parseScope, productScope, type SigningScope } from "./scope";
export {
  isSigning,
  signingKeyMachine,
  signingKeyTransitions,
  transitionSigningKey,
  type SigningKeyAction,
} from "./signing-key-transitions";
export {
  activateSigningKey,
  findSigningKeys,
  generateSigningKey,
  privateKeyContext,
  retireSigningKey,
  type PublicJwk,
} from "./signing-key-store";
export {
  assertPublishedLongEnough,
  ensureSigningKeys,
  MIN_PUBLISHED_SECONDS,
  rotateSigningKey,
} from "./ensure-signing-keys";
export { JWKS_MAX_AGE_SECONDS, SIGNING_KEY_SCOPE_MEMBER } from "./jwks-publication";
export { createSigningService, NoActiveSigningKey, type SigningService } from "./signing-service";
export { listSigningKeyScopes, type SigningKeyView, type SigningScopeView } from "./list-signing-keys";
export {
  advanceSigningKeySchedule,
  plannedSigningKeyRetirementAt,
  plannedSigningKeyRotationAt,
  type SigningKeySchedulePolicy,
  type SigningKeyScheduleReport,
} from "./signing-key-schedule";
