export { SIGNING_ALGORITHMS, type SigningAlgorithm } from "./algorithms";
export { candidateScopes, editionScope, GLOBAL_SCOPE, productScope, type SigningScope } from "./scope";
export { signingKeyTransitions } from "./signing-key-transitions";
export { activateSigningKey, generateSigningKey, retireSigningKey, type PublicJwk } from "./signing-key-store";
export { ensureSigningKeys, MIN_PUBLISHED_SECONDS, rotateSigningKey } from "./ensure-signing-keys";
export { createSigningService, NoActiveSigningKey, type SigningService } from "./signing-service";
export { rewrapMasterKey, verifyMasterKeyRing } from "./rewrap-master-key";
