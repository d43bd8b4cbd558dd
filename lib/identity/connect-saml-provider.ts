import type { OrgCtx } from "@/lib/context";
import { InvalidInput } from "@/lib/errors";
import type { OutgoingHttp } from "@/lib/net";
import { requireOwner } from "@/lib/orgs";
import type { ConnectSamlProviderInput } from "@/lib/validations/identity";
import { parseIdpMetadata } from "./saml-metadata";
import { saveSsoConnection } from "./save-sso-connection";

/**
 * The metadata at an owner's URL, fetched through the one SSRF guard (lib/net): the address is
 * attacker-chosen, so public addresses only, no redirects. The cause of a failure stays out of the
 * answer: it could describe the network behind that address.
 */
async function fetchMetadata(outgoingHttp: OutgoingHttp, url: string) {
  const unreachable = new InvalidInput("We could not fetch that metadata.", {
    metadataUrl: ["No SAML metadata at this address, or it is not a public https address."],
  });
  try {
    const answer = await outgoingHttp.send(url, {
      method: "GET",
      headers: { accept: "application/samlmetadata+xml, application/xml, text/xml" },
    });
    if (answer.status !== 200 || answer.isTruncated) throw unreachable;
    return answer.body.toString("utf8");
  } catch {
    throw unreachable;
  }
}

/**
 * An owner connects the organization's SAML 2.0 identity provider from its metadata (pasted, or
 * fetched from its URL). It replaces any provider the organization had, OIDC or SAML, and keeps
 * whether SSO is required. Only the metadata's signing certificates are kept: every assertion must be
 * signed by one of them.
 */
export async function connectSamlProvider(
  ctx: OrgCtx,
  input: ConnectSamlProviderInput,
  deps: { outgoingHttp: OutgoingHttp },
) {
  requireOwner(ctx, "connect a single sign-on provider");
  const xml = input.metadataUrl ? await fetchMetadata(deps.outgoingHttp, input.metadataUrl) : input.metadataXml!;
  let metadata: ReturnType<typeof parseIdpMetadata>;
  try {
    metadata = parseIdpMetadata(xml);
  } catch (error) {
    // A fetched document's faults belong to the URL field the owner typed.
    if (error instanceof InvalidInput && input.metadataUrl)
      throw new InvalidInput(error.message, { metadataUrl: error.fieldErrors?.metadataXml ?? [] });
    throw error;
  }
  await saveSsoConnection(
    ctx,
    {
      protocol: "saml",
      issuer: metadata.entityId,
      samlSsoUrl: metadata.ssoUrl,
      samlIdpCertificates: metadata.certificates,
      defaultRole: input.defaultRole,
    },
    { issuer: metadata.entityId, ssoUrl: metadata.ssoUrl, defaultRole: input.defaultRole },
  );
  return { issuer: metadata.entityId, ssoUrl: metadata.ssoUrl, defaultRole: input.defaultRole };
}
