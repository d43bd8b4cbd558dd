/**
 * Layered verification for enterprise licenses: an optional PIN or passphrase a new device must
 * present at activation. Stored only as a slow, salted hash (scrypt, RFC 7914) and compared in
 * constant time, so a database leak does not hand out PINs and a timing probe learns nothing.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { and, eq, gte } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { deviceActivationAttempts, devices, editions, licenses } from "@/lib/db/schema";
import { DomainError, PolicyViolation } from "@/lib/errors";
import { ACTIVATION_ATTEMPT_RETENTION_HOURS } from "./anomaly-policy";
import { lockLicenseSeats, type SeatLicense } from "./seats";

export type ActivationPinMode = "every_new_device" | "unusual_only";

/** Only enterprise editions offer a PIN: it is for fleets managed by an IT department. */
export const PIN_EDITION_CODES: readonly string[] = ["enterprise"];

// N = 2^14, r = 8: about 16 MiB and tens of milliseconds per guess (the RFC 7914 §2 interactive
// setting), on top of the API's per-key rate limit.
const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function deriveKey(
  pin: string,
  salt: Buffer,
  options: ScryptOptions & { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised later. */
export async function hashActivationPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(pin, salt, SCRYPT);
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function isActivationPinCorrect(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await deriveKey(pin, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The client must send the license PIN (or sent a wrong one). Not a final "no": ask and retry. */
export class ActivationPinRefused extends DomainError {
  readonly status = 403;
  constructor(
    readonly code: "PIN_REQUIRED" | "PIN_INVALID",
    /** True when only the unusual pattern (new device on a new network) made the PIN necessary. */
    readonly isUnusualActivation: boolean,
  ) {
    super(
      code === "PIN_INVALID"
        ? "The license PIN is not correct. Ask your administrator for the PIN of this license and try again."
        : isUnusualActivation
          ? "This device is activating from a network this license has not been used from. Enter the license PIN from your administrator to continue."
          : "This license requires its PIN to activate a new device. Enter the license PIN from your administrator.",
    );
  }
}

export interface PinCheckFacts {
  isKnownDevice: boolean;
  fingerprintDigest: string;
  networkDigest: string | null;
}

/**
 * Whether this activation must present the PIN. Never without a PIN set (most licenses), never for
 * a device the license already knows (a reinstall, a laptop back from holiday); otherwise for every
 * new device, or in `unusual_only` mode only for a new device on a network the license has not
 * been used from: the one pattern that looks like a key passed outside the company.
 */
export async function isPinRequired(
  tx: Tx,
  license: SeatLicense,
  facts: PinCheckFacts,
  now: Date,
): Promise<{ isRequired: boolean; isUnusual: boolean }> {
  if (!license.activationPinHash || facts.isKnownDevice) return { isRequired: false, isUnusual: false };
  const isUnusual = facts.networkDigest !== null && !(await isKnownNetwork(tx, license.id, facts.networkDigest, now));
  return { isRequired: license.activationPinMode === "every_new_device" || isUnusual, isUnusual };
}

/** A network the license's devices last called from, or a granted activation came from lately. */
async function isKnownNetwork(tx: Tx, licenseId: string, networkDigest: string, now: Date): Promise<boolean> {
  const [device] = await tx
    .select({ id: devices.id })
    .from(devices)
    .where(and(eq(devices.licenseId, licenseId), eq(devices.lastNetworkDigest, networkDigest)))
    .limit(1);
  if (device) return true;
  const since = new Date(now.getTime() - ACTIVATION_ATTEMPT_RETENTION_HOURS * 3_600_000);
  const [attempt] = await tx
    .select({ id: deviceActivationAttempts.id })
    .from(deviceActivationAttempts)
    .where(
      and(
        eq(deviceActivationAttempts.licenseId, licenseId),
        eq(deviceActivationAttempts.networkDigest, networkDigest),
        eq(deviceActivationAttempts.isGranted, true),
        gte(deviceActivationAttempts.attemptedAt, since),
      ),
    )
    .limit(1);
  return Boolean(attempt);
}

export interface ActivationPinChange {
  licenseId: string;
  /** The new PIN, or null to remove it. */
  pin: string | null;
  mode: ActivationPinMode;
}

/**
 * Sets or removes a license's PIN behind the license lock, with the audit event in the same
 * transaction. The PIN itself is never logged or audited, only that it changed.
 */
export async function writeActivationPin(
  ctx: Ctx,
  { licenseId, pin, mode }: ActivationPinChange,
  { orgId, reason, reasonCategory }: { orgId?: string; reason?: string; reasonCategory?: string },
): Promise<{ isPinSet: boolean; mode: ActivationPinMode | null }> {
  const hash = pin === null ? null : await hashActivationPin(pin);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, licenseId, orgId);
    if (hash) await assertPinEdition(tx, license);
    await tx
      .update(licenses)
      .set({
        activationPinHash: hash,
        activationPinMode: hash ? mode : null,
        activationPinSetAt: hash ? now : null,
        updatedAt: now,
      })
      .where(eq(licenses.id, license.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license.orgId,
      action: hash ? "license.activation_pin_set" : "license.activation_pin_cleared",
      subjectType: "license",
      subjectId: license.id,
      reason: reason ?? null,
      data: {
        mode: hash ? mode : null,
        wasPinSet: Boolean(license.activationPinHash),
        ...(reasonCategory ? { reasonCategory } : {}),
      },
    });
    return { isPinSet: Boolean(hash), mode: hash ? mode : null };
  });
}

async function assertPinEdition(tx: Tx, license: SeatLicense): Promise<void> {
  const [edition] = await tx.select({ code: editions.code }).from(editions).where(eq(editions.id, license.editionId));
  if (!edition || !PIN_EDITION_CODES.includes(edition.code)) {
    throw new PolicyViolation("A license PIN is available for enterprise licenses only.");
  }
}
