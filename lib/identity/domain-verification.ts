import { randomBytes } from "node:crypto";

/**
 * Answers a DNS TXT query: each record as its character-strings (RFC 1035 §3.3.14), like
 * `node:dns/promises` `resolveTxt`. Injected, so tests (and an operator's own resolver) decide.
 */
export type TxtResolver = (name: string) => Promise<string[][]>;

/** The record an owner publishes: `_rekey-challenge.<domain> TXT "rekey-domain-verification=<token>"`. */
export const DOMAIN_CHALLENGE_LABEL = "_rekey-challenge";
export const DOMAIN_CHALLENGE_PREFIX = "rekey-domain-verification=";

export const challengeRecordName = (domain: string) => `${DOMAIN_CHALLENGE_LABEL}.${domain}`;
export const challengeRecordValue = (token: string) => `${DOMAIN_CHALLENGE_PREFIX}${token}`;

export const newVerificationToken = () => randomBytes(24).toString("base64url");

/** Whether any TXT record at the challenge name carries exactly this token (strings of one record join, §3.3.14). */
export async function hasChallengeRecord(resolve: TxtResolver, domain: string, token: string): Promise<boolean> {
  const records = await resolve(challengeRecordName(domain)).catch(() => []);
  return records.some((strings) => strings.join("").trim() === challengeRecordValue(token));
}
