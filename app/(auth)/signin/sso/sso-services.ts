import "server-only";
import { appServices } from "@/lib/config/server";
import type { SsoRedirectDeps } from "@/lib/identity";

/** Set when SSO starts, checked at the callback: the answer must come back to the browser that asked (login CSRF). */
export const SSO_STATE_COOKIE = "rekey-sso-state";
export const SSO_CALLBACK_PATH = "/signin/sso/callback";

/** What the SSO use cases need; the callback URL comes from REKEY_PUBLIC_URL, never from a request's Host. */
export function ssoDeps(): SsoRedirectDeps {
  const services = appServices();
  return {
    outgoingHttp: services.outgoingHttp,
    ring: services.keySecrets().ring,
    redirectUri: services.publicUrl(SSO_CALLBACK_PATH),
  };
}

/** Cookies are `Secure` when the portal is served over https, as Auth.js decides for its own. */
export const isSecurePortal = () => appServices().portalUrl.startsWith("https:");
