import { and, eq, isNotNull, ne } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import {
  licenseKeys,
  notificationChannels,
  orgSsoConnections,
  signingKeys,
  stripeSettings,
  userTotpSecrets,
  vendorWebhookEndpoints,
} from "@/lib/db/schema";
import { MasterKeyError, openSecret, rewrapSecret, type MasterKeyRing } from "@/lib/crypto";
import { privateKeyContext } from "@/lib/signing";
import { licenseKeyContext } from "@/lib/licensing/license-key-secrets";
import { webhookSecretContext } from "@/lib/notify/channels/channel-store";
import { vendorWebhookSecretContext } from "@/lib/notify/vendor-webhooks/vendor-endpoint-store";
import { totpSecretContext } from "@/lib/mfa";
import { ssoClientSecretContext } from "@/lib/identity";
import { STRIPE_WEBHOOK_SECRET_CONTEXT } from "@/lib/billing/stripe-webhook-secrets";

/**
 * Start-up check: every master key version the database uses must be in the ring and must
 * actually open a secret wrapped under it. A wrong key fails here, loudly, not at first use.
 */
export async function verifyMasterKeyRing(db: Db, ring: MasterKeyRing): Promise<void> {
  const samples = await db
    .selectDistinctOn([signingKeys.masterKeyVersion], {
      version: signingKeys.masterKeyVersion,
      kid: signingKeys.kid,
      sealed: signingKeys.privateCiphertext,
    })
    .from(signingKeys);
  for (const sample of samples) {
    if (!ring.byVersion.has(sample.version)) {
      throw new MasterKeyError(
        `Signing keys are wrapped under master key version ${sample.version}, which REKEY_MASTER_KEY does not contain.`,
      );
    }
    openSecret(ring, sample.sealed, privateKeyContext(sample.kid));
  }
}

/**
 * `npm run keys:rewrap`: moves every stored secret onto the ring's current master key version,
 * one row at a time (each in its own transaction, so an interrupted run resumes cleanly).
 * Afterwards the old version can be dropped from REKEY_MASTER_KEY.
 */
export async function rewrapMasterKey(ctx: Ctx, { ring }: { ring: MasterKeyRing }) {
  const target = ring.current.version;
  const counts = {
    signingKeys: 0,
    licenseKeys: 0,
    webhookSecrets: 0,
    totpSecrets: 0,
    stripeWebhookSecrets: 0,
    ssoClientSecrets: 0,
  };
  for (const key of await ctx.db.select().from(signingKeys).where(ne(signingKeys.masterKeyVersion, target))) {
    const { sealed, masterKeyVersion } = rewrapSecret(ring, key.privateCiphertext, privateKeyContext(key.kid));
    await ctx.db
      .update(signingKeys)
      .set({ privateCiphertext: sealed, masterKeyVersion })
      .where(eq(signingKeys.id, key.id));
    counts.signingKeys += 1;
  }
  for (const key of await ctx.db.select().from(licenseKeys).where(ne(licenseKeys.masterKeyVersion, target))) {
    const { sealed, masterKeyVersion } = rewrapSecret(ring, key.ciphertext, licenseKeyContext(key.id));
    await ctx.db.update(licenseKeys).set({ ciphertext: sealed, masterKeyVersion }).where(eq(licenseKeys.id, key.id));
    counts.licenseKeys += 1;
  }
  for (const channel of await ctx.db
    .select()
    .from(notificationChannels)
    .where(ne(notificationChannels.kind, "email"))) {
    if (!channel.secretCiphertext) continue;
    const { sealed } = rewrapSecret(ring, channel.secretCiphertext, webhookSecretContext(channel.id));
    await ctx.db
      .update(notificationChannels)
      .set({ secretCiphertext: sealed })
      .where(eq(notificationChannels.id, channel.id));
    counts.webhookSecrets += 1;
  }
  for (const endpoint of await ctx.db.select().from(vendorWebhookEndpoints)) {
    const context = vendorWebhookSecretContext(endpoint.id);
    const previous =
      endpoint.previousSecretCiphertext === null
        ? null
        : rewrapSecret(ring, endpoint.previousSecretCiphertext, context).sealed;
    await ctx.db
      .update(vendorWebhookEndpoints)
      .set({
        secretCiphertext: rewrapSecret(ring, endpoint.secretCiphertext, context).sealed,
        previousSecretCiphertext: previous,
      })
      .where(eq(vendorWebhookEndpoints.id, endpoint.id));
    counts.webhookSecrets += 1;
  }
  for (const totp of await ctx.db.select().from(userTotpSecrets).where(ne(userTotpSecrets.masterKeyVersion, target))) {
    const { sealed, masterKeyVersion } = rewrapSecret(ring, totp.secretCiphertext, totpSecretContext(totp.userId));
    await ctx.db
      .update(userTotpSecrets)
      .set({ secretCiphertext: sealed, masterKeyVersion })
      .where(eq(userTotpSecrets.userId, totp.userId));
    counts.totpSecrets += 1;
  }
  for (const setting of await ctx.db.select().from(stripeSettings)) {
    const { sealed } = rewrapSecret(ring, setting.webhookSecretCiphertext, STRIPE_WEBHOOK_SECRET_CONTEXT);
    await ctx.db
      .update(stripeSettings)
      .set({ webhookSecretCiphertext: sealed })
      .where(eq(stripeSettings.id, setting.id));
    counts.stripeWebhookSecrets += 1;
  }
  for (const connection of await ctx.db
    .select()
    .from(orgSsoConnections)
    // A SAML connection has no secret to rewrap.
    .where(and(ne(orgSsoConnections.masterKeyVersion, target), isNotNull(orgSsoConnections.clientSecretCiphertext)))) {
    const context = ssoClientSecretContext(connection.orgId);
    const { sealed, masterKeyVersion } = rewrapSecret(ring, connection.clientSecretCiphertext!, context);
    await ctx.db
      .update(orgSsoConnections)
      .set({ clientSecretCiphertext: sealed, masterKeyVersion })
      .where(eq(orgSsoConnections.orgId, connection.orgId));
    counts.ssoClientSecrets += 1;
  }
  await ctx.db.transaction((tx) =>
    appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      action: "master_key.rewrapped",
      subjectType: "master_key",
      subjectId: `v${target}`,
      data: counts,
    }),
  );
  return counts;
}
