/**
 * A software authenticator for tests: what a browser and a security key would send back for the
 * options the server handed out (WebAuthn §6.1 authenticator data, §6.5 attestation "none", §5.8.1
 * client data). Each call can be made to lie about the origin or RP id, as a phishing page would.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());

export interface Lie {
  origin?: string;
  rpId?: string;
  challenge?: string;
}

export function createVirtualPasskey({ origin, rpId }: { origin: string; rpId: string }) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const credentialId = new Uint8Array(randomBytes(16));
  const id = isoBase64URL.fromBuffer(credentialId);
  let signCount = 0;

  const cosePublicKey = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, isoBase64URL.toBuffer(jwk.x!)],
      [-3, isoBase64URL.toBuffer(jwk.y!)],
    ]),
  );

  function authenticatorData(rp: string, { isAttesting }: { isAttesting: boolean }): Uint8Array<ArrayBuffer> {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount);
    const flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED | (isAttesting ? FLAG_ATTESTED_CREDENTIAL : 0);
    const parts: Uint8Array[] = [sha256(rp), Uint8Array.of(flags), counter];
    if (isAttesting) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      parts.push(new Uint8Array(16), idLength, credentialId, cosePublicKey);
    }
    return new Uint8Array(Buffer.concat(parts));
  }

  const clientData = (type: string, challenge: string, lie: Lie) =>
    new TextEncoder().encode(
      JSON.stringify({ type, challenge: lie.challenge ?? challenge, origin: lie.origin ?? origin, crossOrigin: false }),
    );

  return {
    id,
    register(options: PublicKeyCredentialCreationOptionsJSON, lie: Lie = {}): RegistrationResponseJSON {
      const clientDataJSON = clientData("webauthn.create", options.challenge, lie);
      const attestationObject = isoCBOR.encode(
        new Map<string, unknown>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", authenticatorData(lie.rpId ?? rpId, { isAttesting: true })],
        ]) as never,
      );
      return {
        id,
        rawId: id,
        type: "public-key",
        response: {
          clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
          attestationObject: isoBase64URL.fromBuffer(attestationObject),
          transports: ["usb"],
        },
        clientExtensionResults: {},
      };
    },
    /** Signs the challenge; `repeatCounter` keeps the signature counter still, as a cloned key would. */
    authenticate(
      options: PublicKeyCredentialRequestOptionsJSON,
      lie: Lie = {},
      { repeatCounter = false } = {},
    ): AuthenticationResponseJSON {
      if (!repeatCounter) signCount += 1;
      const clientDataJSON = clientData("webauthn.get", options.challenge, lie);
      const authData = authenticatorData(lie.rpId ?? rpId, { isAttesting: false });
      const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), privateKey);
      return {
        id,
        rawId: id,
        type: "public-key",
        response: {
          clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
          authenticatorData: isoBase64URL.fromBuffer(authData),
          signature: isoBase64URL.fromBuffer(Uint8Array.from(signature)),
        },
        clientExtensionResults: {},
      };
    },
  };
}
