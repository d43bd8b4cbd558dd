export { formatMasterKeyRing, MasterKeyError, parseMasterKeyRing, type MasterKeyRing } from "./master-key-ring";
export { openSecret, rewrapSecret, sealSecret } from "./sealed";
export { constantTimeEqual, createKeyedHasher, type DigestPurpose, type KeyedHasher } from "./keyed-hash";
