import { appServices } from "@/lib/config/server";
import { InvalidInput } from "@/lib/errors";
import { domainErrorResponse } from "@/lib/http/problem";
import { completeSamlSignIn } from "@/lib/identity";
import { finishSsoSignIn, samlServiceProvider } from "../../sso-services";

/** A base64 response of a few signed assertions fits well within this; more is not a SAML response. */
const MAX_SAML_RESPONSE_CHARS = 256 * 1024;

const missingResponse = () =>
  domainErrorResponse(
    new InvalidInput("Expected a SAML response.", {
      SAMLResponse: ["Post the identity provider's base64 SAMLResponse form field (HTTP-POST binding)."],
    }),
  );

/**
 * Our Assertion Consumer Service (SAML 2.0 Bindings §3.5, Profiles §4.1.4): the identity
 * provider's page posts `SAMLResponse` here. Only that field is read from the request; the
 * organization comes from the request this browser started (its cookie), never from the response.
 */
export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const samlResponse = form?.get("SAMLResponse");
  if (typeof samlResponse !== "string" || !samlResponse || samlResponse.length > MAX_SAML_RESPONSE_CHARS)
    return missingResponse();
  const services = appServices();
  return finishSsoSignIn(async (requestCookie) =>
    completeSamlSignIn(await services.db(), new Date(), { samlResponse, requestCookie }, samlServiceProvider()),
  );
}
