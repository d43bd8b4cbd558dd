import { appServices } from "@/lib/config/server";
import { completeSsoSignIn } from "@/lib/identity";
import { finishSsoSignIn, SSO_CALLBACK_PATH, ssoDeps } from "../sso-services";

/**
 * The provider sends the browser back here (OpenID Connect Core §3.1.2.5). Only the query string
 * is taken from the request; every URL this answer names comes from REKEY_PUBLIC_URL.
 */
export async function GET(request: Request) {
  const services = appServices();
  const callbackUrl = new URL(services.publicUrl(SSO_CALLBACK_PATH));
  callbackUrl.search = new URL(request.url).search;
  return finishSsoSignIn(async (stateCookie) =>
    completeSsoSignIn(await services.db(), new Date(), { callbackUrl, stateCookie }, ssoDeps()),
  );
}
