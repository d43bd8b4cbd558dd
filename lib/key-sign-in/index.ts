export { requestLicenseKeySignIn, type LicenseKeySignInDeps } from "./request-license-key-sign-in";
export { completeLicenseKeySignIn, type LicenseKeySession } from "./complete-license-key-sign-in";
export {
  LICENSE_KEY_SIGN_IN_PATH,
  LICENSE_KEY_SIGN_IN_SEATS,
  SIGN_IN_CODE_ATTEMPTS,
  SIGN_IN_CODE_DIGITS,
  SIGN_IN_CODE_MINUTES,
} from "./sign-in-code-policy";
