import type { KeyedHasher } from "@/lib/crypto";
import { InvalidInput } from "@/lib/errors";
import type { SigningService } from "@/lib/signing";

/** What offline activation and deactivation need to recognise a machine and sign the answer. */
export interface OfflineSigningDeps {
  hasher: KeyedHasher;
  signer: SigningService;
  issuer: string;
}

/** A problem with an uploaded request file, reported on the form's one field for it. */
export function requestProblem(message: string): InvalidInput {
  return new InvalidInput(message, { request: [message] });
}
