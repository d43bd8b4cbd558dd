import { SAML, ValidateInResponseTo, type CacheProvider } from "@node-saml/node-saml";
import { SSO_ATTEMPT_MINUTES } from "./sso-attempt-policy";

/**
 * The clock difference tolerated between the identity provider and us when checking NotBefore /
 * NotOnOrAfter (SAML 2.0 Core §2.5.1.2): small, so an expired assertion stays refused.
 */
export const SAML_CLOCK_SKEW_SECONDS = 60;

/** Rekey as a SAML service provider: both URLs come from REKEY_PUBLIC_URL, never a request's Host. */
export interface SamlServiceProvider {
  /** Our entity ID, the Audience every assertion must name; it is also where our metadata is served. */
  entityId: string;
  /** The Assertion Consumer Service the identity provider posts its response to. */
  acsUrl: string;
}

export interface SamlConnection {
  issuer: string;
  samlSsoUrl: string | null;
  samlIdpCertificates: string[] | null;
}

/**
 * node-saml configured for one organization's identity provider. Assertions must be signed
 * (wantAssertionsSigned) by one of the certificates the owner configured, and nothing else: node-saml
 * never trusts a certificate the response carries. `expectedRequest` is the one AuthnRequest the
 * browser started; InResponseTo must name it (validateInResponseTo: always).
 */
export function samlClient(
  connection: SamlConnection,
  serviceProvider: SamlServiceProvider,
  expectedRequest: { id: string; createdAt: Date },
) {
  const requests: CacheProvider = {
    saveAsync: async (_key, value) => ({ value, createdAt: expectedRequest.createdAt.getTime() }),
    getAsync: async (key) => (key === expectedRequest.id ? expectedRequest.createdAt.toISOString() : null),
    // The attempt row is spent by the caller before validation, so there is nothing to remove here.
    removeAsync: async (key) => key,
  };
  return new SAML({
    issuer: serviceProvider.entityId,
    callbackUrl: serviceProvider.acsUrl,
    audience: serviceProvider.entityId,
    entryPoint: connection.samlSsoUrl ?? undefined,
    idpIssuer: connection.issuer,
    idpCert: connection.samlIdpCertificates ?? [],
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_SECONDS * 1000,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SSO_ATTEMPT_MINUTES * 60_000,
    cacheProvider: requests,
    generateUniqueId: () => expectedRequest.id,
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    disableRequestedAuthnContext: true,
  });
}
