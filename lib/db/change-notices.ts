/**
 * Cross-process cache invalidation over PostgreSQL LISTEN/NOTIFY. A writer announces a change in
 * the same transaction as the change (PostgreSQL delivers NOTIFY only on commit, so nobody hears
 * of a change that rolled back); every process listening drops or updates its in-memory copy.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "./index";

export const CHANGE_CHANNELS = {
  /** Payload: the new revocation's sequence number. */
  revocations: "rekey_revocations",
  /** Payload: the signing key's kid. */
  signingKeys: "rekey_signing_keys",
} as const;

export type ChangeChannel = (typeof CHANGE_CHANNELS)[keyof typeof CHANGE_CHANNELS];

/**
 * Called with the payload of each notice, and with `null` whenever notices may have been missed
 * (the listening connection was re-established): the listener should then reload.
 */
export type ChangeListener = (payload: string | null) => void;

export async function announceChange(tx: Executor, channel: ChangeChannel, payload: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${channel}, ${payload})`);
}
