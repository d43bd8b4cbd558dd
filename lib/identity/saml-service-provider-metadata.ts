import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { SamlServiceProvider } from "./saml-service-provider";

/**
 * Rekey's SP metadata (SAML 2.0 Metadata §2.4.4) for an owner to give their identity provider: our
 * entity ID, the ACS (HTTP-POST), the emailAddress NameID format, and WantAssertionsSigned.
 */
export function samlServiceProviderMetadata(serviceProvider: SamlServiceProvider): string {
  return generateServiceProviderMetadata({
    issuer: serviceProvider.entityId,
    callbackUrl: serviceProvider.acsUrl,
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    wantAssertionsSigned: true,
    decryptionCert: null,
    publicCerts: null,
  });
}
