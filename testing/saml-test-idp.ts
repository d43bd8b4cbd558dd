/**
 * A SAML 2.0 identity provider for vitest (issue 20): its metadata and the signed responses it would
 * post to our ACS, each shaped by a test (unsigned, signed by another key, expired, another audience,
 * a wrapped assertion…). The keys are throwaway, self-signed for these tests only.
 */
import { randomUUID } from "node:crypto";
import { SignedXml } from "xml-crypto";

export const TEST_IDP_ENTITY_ID = "https://idp.test.example/saml";
export const TEST_IDP_SSO_URL = "https://idp.test.example/saml/sso";

const IDP_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC2sxepBDkMFHAc
xk86CXsDXrp0pEBLRho5OWA/8xZbcSJuo2FzTXWt6fDs04a/Nf4gmie5enJh2CbY
dUlbo7ePZ77yvhwGdiSkQ1h2uF6S9QJD++PlfUC0JWHtmX7mC0mJQdKLUMQgbkYR
pQ2aftQpqx92Zmh+z84TXJDOY8d8VpPGpYx5mlxg74H6/i697XOCHg78Tmh+8BiJ
3dhHpqtVjzlZxUDG6qunV/xPCJ81QXhIZjO/xV+8Qv839ks1GrmxsMgo+bmEExJT
DZ/7MAo/in3xPPYp53AlXMBrolHBty797EZxGlqmaxwFmCcJxhUXdXFKaGNGGNsG
Y6cJ3v6ZAgMBAAECggEADaefVj8It88+koVR04/KKrYlmmUnoa3zdMvF1qcSSIhR
Sf1FDHXsHIZLvu+PoR07HpsBlWUXmm9/dmshrfXeWMX+FAIYccqFB4/kUzneu6i7
NXM56mOCS/8v7VmtDdV8dq6S5V2xIuQLBvOT64mczXZ1i1xbuqqeXNJsx42BPIN9
hn6pBOGw8Jy3LYb+LO/HtLILXPLv/2ScLrRJnbP+JpZ5h63UsZyOAqMqENe2258H
Ub9CYpoUWKIsz1ohl99q7Y2H97Fn8p474TrS/ad/okhvxFgaEDS+AnQNniCF4n45
tXQS0Q1Shp8ZHX9PtuCcIDhsB05IUq8ddjEll1i0BwKBgQDul2Q0T5JecDMKP+g3
OoKOcMx0VCv7cT3FI3bXof4ww618B+0BzEGHKqo0kK0fK6R5Hq/xsJyDDiPJvWjl
tNHyeefRDct59umy20A4UyVOQSaHq+7O4UKGHDXGbYy7d70j9OlG36SOvYnhGP5y
S59aVIVG5KARcFWy2GHDI4DKdwKBgQDEB7UePoi2EdH307X7NdwDhYzwStyPVtFQ
jXZ/5x9Tu6/SIV402f/2/4o2XqEP9wxDHBfLRPWBlupWcFH9+UajFli8KFcp+UCf
O4Wm1ig7NUXu9xS6djhibyJkFrGLJ+LGXic2UT75yscYIyIsxFYdpV8TP/zdZnfq
JuKRq7qzbwKBgFrzvVAvsTVtAhf7KrO7Cz/vghEqcSXGEm0PSuOCrlq6jWzFvLS9
v5EeU4n8SPKj+WvupdW1pMRU5JGoMc+3MX2EuTk5UALrfEUhTYbrM0J0lZKMmVmm
B20GXf2Jj2d7is+lMjRBVwLPADueAolhiJqvs6rFxrs/Hnwx/nqcEyGbAoGALkjr
mNKHEQYwH2XbiA71fddgqbPjU+zZyz07h4OYv/qGzwSV68C1USqRBbleKhjYylet
vo7vsMNjXTl0ApWC+irilLqpqf1yJqa1LelO4nv3oS6xtD0JnyRCaIN7NDIct12v
wIF6bxxT2f0hqpRJCQLs6eyn1dbF5YF86Yw0rv0CgYEAsr90HOU7kv3eHgo3GFzn
e+meyjwcyL7WlQ9F0t0X4oi0GvUR7S4oHYnK56DAorSzPMZrHofpNECn+OC3RiQL
jTfDHT360FzGpu7i208Smvyu2DEJJ34c2sxILUNow9xlaKDkUAdQjWIhR2M19tT9
OhXKTnnQwxEp5EUDDUbLx/c=
-----END PRIVATE KEY-----`;
export const TEST_IDP_CERT = `-----BEGIN CERTIFICATE-----
MIIDFTCCAf2gAwIBAgIUZeDBROLQFfhq50v5SwDyJvK5NlYwDQYJKoZIhvcNAQEL
BQAwGTEXMBUGA1UEAwwOcmVrZXktdGVzdC1pZHAwIBcNMjYxMjA2MjA1MTQyWhgP
MjEyNjExMTIyMDUxNDJaMBkxFzAVBgNVBAMMDnJla2V5LXRlc3QtaWRwMIIBIjAN
BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtrMXqQQ5DBRwHMZPOgl7A166dKRA
S0YaOTlgP/MWW3EibqNhc011renw7NOGvzX+IJonuXpyYdgm2HVJW6O3j2e+8r4c
BnYkpENYdrhekvUCQ/vj5X1AtCVh7Zl+5gtJiUHSi1DEIG5GEaUNmn7UKasfdmZo
fs/OE1yQzmPHfFaTxqWMeZpcYO+B+v4uve1zgh4O/E5ofvAYid3YR6arVY85WcVA
xuqrp1f8TwifNUF4SGYzv8VfvEL/N/ZLNRq5sbDIKPm5hBMSUw2f+zAKP4p98Tz2
KedwJVzAa6JRwbcu/exGcRpapmscBZgnCcYVF3VxSmhjRhjbBmOnCd7+mQIDAQAB
o1MwUTAdBgNVHQ4EFgQUpVVJ91kPElBFUlsVt20psNvMMowwHwYDVR0jBBgwFoAU
pVVJ91kPElBFUlsVt20psNvMMowwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0B
AQsFAAOCAQEAApFdDh8GoQjfkzt8invd4JIEDmxSB4zQoMNfT9vlod+dwGmkrkD9
+WqCqcInLCp+MYIZgxrASFLtP/P99pvKq29A6uvkUBxqea5HDIyqz6iG4hU+TcJf
RWvf0mblxmHdkIDiKhN5urrmogag08UiWxhEdqT2zydc4pIWG7Oh5b4yp1/c9+PN
UmErSI2c7j7cJh4rHF0H6Qh89scFRLCa8F8HEorekkJ6PEa94TCjQCdUkce8x6zj
0NftezCZBHbzoRU8TCax+4/zm7QH5cT1aJlWNlYK2RLt1P6a7Y+SL/caNhqueNCU
2gF1mXfjIcTHoHkEuVdpOM5C3eFkCGDeiw==
-----END CERTIFICATE-----`;
/** A key the organization never configured: a response it signs must be refused. */
const OTHER_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCaAhOL1S/eFT0N
3AauqYg2arRqqL2/CoK8wxGHs6KL/+R2PMly4TeUbR22ALBsaBUYDvrTDixjfyTr
M2hC6L45NVCkxAg4g351JIKYgk0g4uc2ECnti2ZpaB5+9Ppuv8aRw2p9l1BDYHvv
Qi8gKt4Lj5po/sYfG30mt4lm8BmMD6MF16Q4ASvdfCxnSSVxSUBVGW2Yw6Epzj9p
fvn1/OIESD7+iWf7rYelvbUlnlFpZNepz92H/ANqnSqBNstOFKK1NdR7x/TO0RCd
eAmOpV65351lhIYO34x98JrMXgk1D12zlOY8oxmz17YtGxX+AIvMbpoJN097GtHw
jqzCmOG/AgMBAAECggEAAlYy23+IE2od88qTN/YWD9JW8BdKJoI1n8UXzE4PluDR
iu0DSH/DLI89Rpnphvm+66wwtNHD7WTNQgkph9USXSkrp4nCGG5zW5k8Q8ZIBvNw
E+es+eSYluQ5lTJsEoRlhMk2cC7HBr5s0OejvGildEEpS7iQue0J1PgFxkeo8YHT
MfqrMr0kS2FFibQQaKOJc5EyjJBHgoFkwi/Ql/WIPpId1yYC6dPWi7jbMO08qw80
vY41sDJ3vDvLwJu0APzGT8tabNj51ttMsEJoEUTbBhJOdf0+bEHRNFWWjFd+yeWH
WR1StUKwsUP0h9JpTVQ56v5wNbhTbqOpK26xyP4j+QKBgQDSG9FgYGObVtLUoDMn
OEjEEaCYIh6Y1u8O+t0DOlHx64/tn22lZOZjy2YZ7PFkC+FDGh/PSAmZLxqn39GB
5lCX8CI6LW21Xy42Qlw0ZHDNU6rbd30b+0FQdHA0A01Q+1+gh0uzCQdoTFDLfC37
ioCLn6AGmSzdgloEWMhtcAuMSQKBgQC7pWhi6eCgKqw+7HTK7gLO62LUUh5cASLF
sML5TbEsFsRLpc/vByoaj5lmDT5EHJT8GLNtTCTXs0pXE1yRIGBi3sqfJmpMb0fZ
gp6LkF/V3tTewSFZFsH/I/OrWOS6iokBLWzgomdp8dFwQ9Uf3ccXvcvP3C5XR9px
jTIiFkYtxwKBgQCSqoB5uk9NvEnnyvxqQEvrMjLcf9TD9CVkW5G0Ex3otfr+cO/l
KI36050uM8w9fl18rdvOogaxO8Rrsz1YZCGWLjZ2TgfrN8nWbnRWzlY/vkvib4KR
6c4qD13TsQpjoVWbhVY+X+sfz0YHBWRD1ubskDzw3jQHXFrh9efTHQeyoQKBgH+H
untHUqfoeKpHUFU/D9+LsN52dTW4e+Z57Pk86UX6ryxuo/RjHSVyJSJrq77k4gi3
zPJihsOmkca+XPIxW/C2VGV32VTbaKyWjqRx2gBj8q71+XEv+2cpCwmQX9u8HcMU
GWROXBRwChTPtUB0HUSwdJ1vmnstVXRJLyJlmwqvAoGAboKuEtZy/jmrcZE5ybSW
aNTPR0M3JrZc5BviPVmRvcN8C2IgE+liW2mZUrrNeWelY/LDEez5SrO7TFiI8P+2
fhpNY2Es7Usv2j1BhAEsBZT8Ali92pAF2EUFm+vh4ZNf/0g+icrYEEpZV2iQOrBQ
k4ofe0FgA0Fsuz+xUUv/1BY=
-----END PRIVATE KEY-----`;

const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");

/** The identity provider's metadata as an owner would paste it (SAML 2.0 Metadata §2.4.3). */
export function testIdpMetadataXml({ entityId = TEST_IDP_ENTITY_ID, ssoUrl = TEST_IDP_SSO_URL } = {}) {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(TEST_IDP_CERT)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

export interface TestSamlResponseShape {
  email: string;
  /** Our AuthnRequest's ID, as the identity provider echoes it. */
  inResponseTo: string;
  /** Our SP entity ID, unless the test wants another audience. */
  audience: string;
  acsUrl: string;
  issuer?: string;
  assertionId?: string;
  /** When the assertion was issued; its validity is the five minutes after. */
  issuedAt?: Date;
  signWith?: "idp" | "other" | "none";
  /** A persistent NameID; the email then goes in a `mail` attribute. Without it the NameID is the email. */
  subject?: string;
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

const nameId = (shape: TestSamlResponseShape) =>
  shape.subject
    ? `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${shape.subject}</saml:NameID>`
    : `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${shape.email}</saml:NameID>`;

const mailAttribute = (shape: TestSamlResponseShape) =>
  shape.subject
    ? `<saml:AttributeStatement><saml:Attribute Name="mail"><saml:AttributeValue>${shape.email}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`
    : "";

function unsignedAssertion(shape: TestSamlResponseShape, assertionId: string) {
  const issuedAt = shape.issuedAt ?? new Date();
  const notOnOrAfter = iso(new Date(issuedAt.getTime() + 5 * 60_000));
  return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(issuedAt)}"><saml:Issuer>${shape.issuer ?? TEST_IDP_ENTITY_ID}</saml:Issuer><saml:Subject>${nameId(shape)}<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${shape.inResponseTo}" NotOnOrAfter="${notOnOrAfter}" Recipient="${shape.acsUrl}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(issuedAt)}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${shape.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(issuedAt)}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>${mailAttribute(shape)}</saml:Assertion>`;
}

/** An enveloped RSA-SHA256 signature over the assertion, placed after its Issuer (SAML 2.0 Core §5.4). */
function signAssertion(xml: string, privateKey: string) {
  const signer = new SignedXml({
    privateKey,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
  });
  signer.computeSignature(xml, {
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" },
  });
  return signer.getSignedXml();
}

function responseAround(shape: TestSamlResponseShape, assertionXml: string) {
  const issuedAt = iso(shape.issuedAt ?? new Date());
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${issuedAt}" Destination="${shape.acsUrl}" InResponseTo="${shape.inResponseTo}"><saml:Issuer>${shape.issuer ?? TEST_IDP_ENTITY_ID}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertionXml}</samlp:Response>`;
}

/** The `SAMLResponse` form field the identity provider's page posts to our ACS (HTTP-POST binding). */
export function testSamlResponse(shape: TestSamlResponseShape) {
  const assertionId = shape.assertionId ?? `_${randomUUID()}`;
  const assertion = unsignedAssertion(shape, assertionId);
  const signWith = shape.signWith ?? "idp";
  const signed = signWith === "none" ? assertion : signAssertion(assertion, signWith === "idp" ? IDP_KEY : OTHER_KEY);
  return Buffer.from(responseAround(shape, signed)).toString("base64");
}

/**
 * XML signature wrapping: the provider's genuinely signed assertion for `shape.email` is hidden
 * inside a forged one for `forgedEmail` that carries a copy of the genuine signature. A verifier
 * that checks "some signature is valid" rather than "this assertion is what was signed" lets the
 * forged person in.
 */
export function testWrappedSamlResponse(shape: TestSamlResponseShape, forgedEmail: string) {
  const genuineId = `_${randomUUID()}`;
  const genuine = signAssertion(unsignedAssertion(shape, genuineId), IDP_KEY);
  const signature = genuine.match(/<(ds:)?Signature[\s\S]*<\/(ds:)?Signature>/)?.[0] ?? "";
  const forged = unsignedAssertion({ ...shape, email: forgedEmail }, genuineId).replace(
    "</saml:Issuer>",
    `</saml:Issuer>${signature}<saml:Advice>${genuine}</saml:Advice>`,
  );
  return Buffer.from(responseAround(shape, forged)).toString("base64");
}
