export type { LastSeenTimeStorage } from "./check-clock-rollback";
export { fingerprintHash } from "./fingerprint-hash";
export {
  createJwksCache,
  JwksUnavailableError,
  SIGNING_ALGORITHMS,
  UnknownKeyIdError,
  type CreateJwksCacheOptions,
  type JwksCache,
} from "./jwks-cache";
export { LICENSE_FILE_VERSION, type LicenseClaims } from "./license-claims";
export { jwksUrl } from "./portal-url";
export {
  validateOnline,
  VALIDATION_TOKEN_AUDIENCE,
  type OnlineValidationCode,
  type OnlineValidationResult,
  type Problem,
  type ValidatedKey,
  type ValidatedLicense,
  type ValidateOnlineOptions,
  type ValidationVerdict,
} from "./validate-online";
export { verifyLicenseFile, type LicenseFileCode, type LicenseFileResult, type VerifyLicenseFileOptions } from "./verify-license-file";
