export {
  activateNextSigningKey,
  assertScopeExists,
  generateNextSigningKey,
  retireSigningKeyByStaff,
} from "./manage-signing-keys";
export { requestSigningKeyRevocation, revokeSigningKey } from "./revoke-signing-key";
export { rewrapMasterKey, verifyMasterKeyRing } from "./rewrap-master-key";
export { holdSigningKeyRotation, releaseSigningKeyRotation } from "./hold-signing-key-rotation";
