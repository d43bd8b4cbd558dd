import { InvalidInput } from "@/lib/errors";

/**
 * One answer for every way a passkey response fails (wrong origin, challenge, signature, unknown
 * credential): which check failed is no business of whoever sent it.
 */
export const passkeyNotAccepted = () =>
  new InvalidInput("That passkey was not accepted. Try again, or use another way to verify.", {
    response: ["That passkey was not accepted."],
  });
