import { DOMParser } from "@xmldom/xmldom";
import { InvalidInput } from "@/lib/errors";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** What Rekey needs of an identity provider's metadata (SAML 2.0 Metadata §2.4.3). */
export interface IdpMetadata {
  entityId: string;
  /** Where the HTTP-Redirect binding sends our AuthnRequest (SAML 2.0 Bindings §3.4). */
  ssoUrl: string;
  /** PEM certificates of the signing keys: only these may sign an assertion we accept. */
  certificates: string[];
}

const unreadable = (why: string) =>
  new InvalidInput("We could not read that identity provider metadata.", { metadataXml: [why] });

const toPem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END CERTIFICATE-----`;

/**
 * Reads the entity ID, the HTTP-Redirect SingleSignOnService and the signing certificates out of an
 * IdP's EntityDescriptor. A KeyDescriptor without `use` serves signing too (Metadata §2.4.1.1); one
 * with `use="encryption"` does not. Anything missing is a field error for the owner, never a 500.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  let descriptor: Element | undefined;
  try {
    const document = new DOMParser({
      // A fatal error throws (caught below); warnings and recoverable errors are the owner's paste, not our log's.
      errorHandler: { warning: () => {}, error: () => {} },
    }).parseFromString(xml, "text/xml");
    descriptor = Array.from(document.getElementsByTagNameNS(METADATA_NS, "EntityDescriptor"))[0] as Element | undefined;
  } catch {
    throw unreadable("This is not well-formed XML.");
  }
  if (!descriptor) throw unreadable("Paste the provider's EntityDescriptor (SAML 2.0 metadata).");
  const entityId = descriptor.getAttribute("entityID")?.trim() ?? "";
  const idp = Array.from(descriptor.getElementsByTagNameNS(METADATA_NS, "IDPSSODescriptor"))[0];
  if (!entityId || !idp)
    throw unreadable("The metadata names no identity provider (IDPSSODescriptor with an entityID).");
  const ssoUrl =
    Array.from(idp.getElementsByTagNameNS(METADATA_NS, "SingleSignOnService"))
      .find((service) => service.getAttribute("Binding") === REDIRECT_BINDING)
      ?.getAttribute("Location")
      ?.trim() ?? "";
  if (!/^https?:\/\//.test(ssoUrl)) throw unreadable("The provider offers no HTTP-Redirect SingleSignOnService.");
  const certificates = Array.from(idp.getElementsByTagNameNS(METADATA_NS, "KeyDescriptor"))
    .filter((key) => key.getAttribute("use") !== "encryption")
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate")))
    .map((certificate) => (certificate.textContent ?? "").replace(/\s+/g, ""))
    .filter((base64) => /^[A-Za-z0-9+/]+=*$/.test(base64))
    .map(toPem);
  if (certificates.length === 0)
    throw unreadable("The metadata has no signing certificate: Rekey accepts signed assertions only.");
  return { entityId, ssoUrl, certificates };
}
