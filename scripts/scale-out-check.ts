/**
 * Scale-out check, run by `npm test` after `npm run build` (or alone: `npm run test:scale-out`):
 * two app processes (`npm start`, each with its in-process worker on) and two `npm run worker`
 * processes on one PostgreSQL database take a batch of due scheduled rotations, with notices and
 * webhooks, and nothing happens twice: every rotation completes once, every notice email and
 * every webhook event exists once, and the receiver gets each webhook message once. The two app
 * processes also share one rate-limit budget (the limits live in PostgreSQL), and one
 * Idempotency-Key sent to both at once creates one license (issue 15).
 *
 * TEST_DATABASE_URL names a PostgreSQL server to create a throwaway database on; without it a
 * throwaway cluster is started (scripts/pg-cluster.mjs). Needs a production build (`npm run build`).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import { and, count, eq, inArray, like, ne, sql } from "drizzle-orm";
import { createApiToken } from "@/lib/api-tokens";
import type { Db } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { issueLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { createOutgoingHttp } from "@/lib/net";
import { addWebhookChannel, sendTestWebhook } from "@/lib/notify/channels";
import { ensureSigningKeys } from "@/lib/signing";
import { makeLicense, makeOrg, makeProduct, makeUser, orgCtx, staffCtx, systemActor } from "@/testing/factories";
import { findFreePort, startProductionServer, startWorkerProcess, type RunningServer } from "../bench/server-processes";
import {
  openCheckDatabase,
  PROJECT_DIR,
  productionEnv,
  productionSecrets,
  runCheck,
  runSteps,
  type CheckDatabase,
  type Step,
} from "./process-check";

const ROTATIONS = Number(process.env.SCALE_OUT_ROTATIONS ?? 40);
/**
 * The rotations are inserted once all four processes are up (so however slowly the machine started
 * them), and switch keys this much later. Their notices are due at once; an upcoming-rotation
 * notice is only sent before the switch, so this leaves a loaded machine time to send all of them.
 */
const ROTATIONS_DUE_AFTER_MS = 20_000;
const SETTLE_TIMEOUT_MS = 90_000;
const PER_KEY_LIMIT = 20;
/** Rounds of one Idempotency-Key sent to both app processes at once, and copies per process per round. */
const IDEMPOTENT_ROUNDS = 5;
const COPIES_PER_APP = 2;

async function main() {
  const started: { database?: CheckDatabase; processes: RunningServer[]; receiver?: ReturnType<typeof createServer> } =
    { processes: [] };
  try {
    const { databaseUrl, db } = (started.database = await openCheckDatabase("rekey_scale_out", { maxConnections: 4 }));
    const { env: secretsEnv, secrets } = productionSecrets();

    const deliveries: { messageId: string; type: string; data: Record<string, unknown> }[] = [];
    started.receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          type: string;
          data: Record<string, unknown>;
        };
        deliveries.push({ messageId: String(request.headers["webhook-id"]), type: event.type, data: event.data });
        response.writeHead(204).end();
      });
    });
    started.receiver.listen(0, "127.0.0.1");
    await once(started.receiver, "listening");
    const receiverPort = (started.receiver.address() as { port: number }).port;

    const fixture = await prepareLicenses(db, secrets, `http://127.0.0.1:${receiverPort}/hooks`);
    const management = await prepareManagementApi(db, secrets);

    // The receiver is on loopback, which the SSRF guard refuses unless told this is a test
    // deployment: production accepts REKEY_OUTGOING_ALLOW_PRIVATE only beside REKEY_DEV_MAILBOX.
    const sharedEnv = productionEnv(databaseUrl, secretsEnv, {
      REKEY_WORKER_INTERVAL_MS: "1000",
      REKEY_API_LIMIT_PER_KEY: String(PER_KEY_LIMIT),
      REKEY_OUTGOING_ALLOW_PRIVATE: "true",
      REKEY_DEV_MAILBOX: "true",
    });
    const apps: RunningServer[] = [];
    for (let app = 0; app < 2; app += 1) {
      const port = await findFreePort();
      const server = await startProductionServer({
        projectDir: PROJECT_DIR,
        port,
        healthPath: "/api/health",
        env: { ...sharedEnv, REKEY_PUBLIC_URL: `http://localhost:${port}`, REKEY_WORKER_IN_PROCESS: "true" },
      });
      apps.push(server);
      started.processes.push(server);
    }
    for (let worker = 0; worker < 2; worker += 1) {
      started.processes.push(
        await startWorkerProcess({ projectDir: PROJECT_DIR, env: { ...sharedEnv, REKEY_PUBLIC_URL: apps[0]!.url } }),
      );
    }
    await planDueRotations(db, fixture.licenseIds);

    const steps: Step[] = [
      {
        name: "the two app processes share one per-key rate-limit budget",
        run: async () => {
          const statuses: number[] = [];
          for (let call = 0; call < PER_KEY_LIMIT + 10; call += 1) {
            const response = await fetch(`${apps[call % 2]!.url}/api/v1/licenses/validate`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ key: fixture.limitedKey }),
            });
            statuses.push(response.status);
          }
          assert.equal(
            statuses.filter((status) => status === 200).length,
            PER_KEY_LIMIT,
            `statuses: ${statuses.join(" ")}`,
          );
          assert.ok(
            statuses.slice(PER_KEY_LIMIT).every((status) => status === 429),
            `statuses: ${statuses.join(" ")}`,
          );
        },
      },
      {
        name: "one Idempotency-Key sent to both app processes at once creates one license; another body with it is refused (422)",
        run: () => assertOneLicensePerIdempotencyKey(db, apps, management),
      },
      {
        name: `${ROTATIONS} due rotations complete exactly once, with one digest notice for their window and one of each webhook per rotation`,
        run: async () => {
          await waitUntilSettled(db, fixture.licenseIds);
          await assertNothingTwice(db, fixture, deliveries);
        },
      },
    ];
    return await runSteps(steps);
  } finally {
    for (const process of started.processes.reverse()) await process.stop();
    started.receiver?.close();
    await started.database?.close();
  }
}

/** One organisation with a verified webhook, ROTATIONS licenses and one more for the rate-limit step. */
async function prepareLicenses(db: Db, secrets: KeySecrets, webhookUrl: string) {
  const now = () => new Date();
  await ensureSigningKeys({ db, now, actor: systemActor }, { ring: secrets.ring });
  const { org, user } = await makeOrg(db);
  const { product, edition } = await makeProduct(db);
  const ctx = orgCtx(db, { orgId: org.id, user, now });
  const outgoing = createOutgoingHttp({ allowPrivate: true });
  const { channelId } = await addWebhookChannel(
    ctx,
    { url: webhookUrl, label: "scale-out receiver" },
    { ring: secrets.ring, outgoing },
  );
  await sendTestWebhook(ctx, { channelId }, { ring: secrets.ring, outgoing });

  const issueActiveKey = async (licenseId: string) =>
    db.transaction((tx) =>
      issueLicenseKey(tx, { db, now, actor: systemActor }, { licenseId, orgId: org.id, state: "active", secrets }),
    );
  const licenseIds: string[] = [];
  for (let i = 0; i < ROTATIONS; i += 1) {
    const license = await makeLicense(db, org.id, { productId: product.id, editionId: edition.id });
    await issueActiveKey(license.id);
    licenseIds.push(license.id);
  }
  const limitedLicense = await makeLicense(db, org.id, { productId: product.id, editionId: edition.id });
  const limitedKey = (await issueActiveKey(limitedLicense.id)).plaintext;

  await db.insert(t.rotationPreferences).values({
    orgId: org.id,
    cadenceDays: null,
    windowWeekdays: [1, 2, 3, 4, 5, 6, 7],
    windowStartMinute: 0,
    windowDurationMinutes: 1440,
    timeZone: "UTC",
    noticeLeadDays: [1],
    overlapMinutes: 0,
  });
  return { licenseIds, limitedKey, ownerEmail: user.email };
}

/** A full-scope management API token (as an admin makes one) and a customer with no license yet. */
async function prepareManagementApi(db: Db, secrets: KeySecrets) {
  const admin = await makeUser(db, { staffRole: "admin" });
  const reason = { reason: "scale-out check", reasonCategory: "customer_request" } as const;
  const { value } = await createApiToken(
    staffCtx(db, admin, "admin", () => new Date()),
    { name: "scale-out check", scope: "full", expiresOn: null, ...reason },
    { hasher: secrets.hasher },
  );
  const { org } = await makeOrg(db);
  const { edition } = await makeProduct(db);
  return {
    token: value.reveal(),
    orgId: org.id,
    licenseBody: { orgId: org.id, editionId: edition.id, seats: 2, termDays: 30, offlineGraceDays: 7, ...reason },
  };
}

/**
 * Each round sends one create-license POST with one fresh Idempotency-Key to both app processes at
 * once, COPIES_PER_APP times each: exactly one answer is the original (201), every other is its
 * replay (201, Idempotent-Replayed, the same license) or 409 IDEMPOTENCY_IN_FLIGHT, and a retry
 * afterwards from either process replays it. The claim is one INSERT in PostgreSQL, which both
 * processes share (lib/http/idempotency.ts).
 */
async function assertOneLicensePerIdempotencyKey(
  db: Db,
  apps: RunningServer[],
  { token, orgId, licenseBody }: Awaited<ReturnType<typeof prepareManagementApi>>,
) {
  const createLicense = async (app: RunningServer, idempotencyKey: string, body: object) => {
    const response = await fetch(`${app.url}/api/v1/manage/licenses`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const { id, code } = (await response.json()) as { id?: string; code?: string };
    return { status: response.status, isReplay: response.headers.get("idempotent-replayed") === "true", id, code };
  };
  for (let round = 0; round < IDEMPOTENT_ROUNDS; round += 1) {
    const idempotencyKey = `scale-out-order-${round}`;
    const answers = await Promise.all(
      apps.flatMap((app) =>
        Array.from({ length: COPIES_PER_APP }, () => createLicense(app, idempotencyKey, licenseBody)),
      ),
    );
    const summary = JSON.stringify(answers);
    const originals = answers.filter((answer) => answer.status === 201 && !answer.isReplay);
    assert.equal(originals.length, 1, `round ${round}: exactly one original answer: ${summary}`);
    for (const answer of answers.filter((answer) => answer !== originals[0])) {
      const isReplayOfOriginal = answer.status === 201 && answer.isReplay && answer.id === originals[0]!.id;
      const isInFlight = answer.status === 409 && answer.code === "IDEMPOTENCY_IN_FLIGHT";
      assert.ok(
        isReplayOfOriginal || isInFlight,
        `round ${round}: the others replay the original or answer 409: ${summary}`,
      );
    }
    for (const app of apps) {
      const retry = await createLicense(app, idempotencyKey, licenseBody);
      assert.deepEqual(
        [retry.status, retry.isReplay, retry.id],
        [201, true, originals[0]!.id],
        `round ${round}: a later retry replays the original`,
      );
    }
  }
  const [created] = await db.select({ n: count() }).from(t.licenses).where(eq(t.licenses.orgId, orgId));
  assert.equal(created!.n, IDEMPOTENT_ROUNDS, "one license per Idempotency-Key");
  for (const app of apps) {
    const reused = await createLicense(app, "scale-out-order-0", { ...licenseBody, seats: 3 });
    assert.deepEqual([reused.status, reused.code], [422, "IDEMPOTENCY_KEY_REUSED"], "another body with a used key");
  }
  const [afterReuse] = await db.select({ n: count() }).from(t.licenses).where(eq(t.licenses.orgId, orgId));
  assert.equal(afterReuse!.n, IDEMPOTENT_ROUNDS, "a refused reuse creates nothing");
}

/**
 * Scheduled rotations that fall due shortly: their notices (lead one day) are due at once, their
 * steps in ROTATIONS_DUE_AFTER_MS. Inserted directly, as the worker's own concurrency test does:
 * what is under test is the processes taking them, not how they were planned.
 */
async function planDueRotations(db: Db, licenseIds: string[]) {
  const dueAt = new Date(Date.now() + ROTATIONS_DUE_AFTER_MS);
  await db.insert(t.rotations).values(
    licenseIds.map((licenseId) => ({
      licenseId,
      kind: "scheduled" as const,
      state: "planned" as const,
      scheduledFor: dueAt,
      overlapMinutes: 0,
    })),
  );
}

async function waitUntilSettled(db: Db, licenseIds: string[]) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const [open] = await db
      .select({ n: count() })
      .from(t.rotations)
      .where(and(inArray(t.rotations.licenseId, licenseIds), ne(t.rotations.state, "completed")));
    const [undelivered] = await db
      .select({ n: count() })
      .from(t.outbox)
      .where(inArray(t.outbox.status, ["pending", "sending"]));
    if (open!.n === 0 && undelivered!.n === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `not settled after ${SETTLE_TIMEOUT_MS / 1000} s: ${open!.n} rotations open, ${undelivered!.n} outbox rows undelivered`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function assertNothingTwice(
  db: Db,
  fixture: Awaited<ReturnType<typeof prepareLicenses>>,
  deliveries: { messageId: string; type: string; data: Record<string, unknown> }[],
) {
  const rotationIds = (
    await db.select({ id: t.rotations.id }).from(t.rotations).where(inArray(t.rotations.licenseId, fixture.licenseIds))
  ).map((row) => row.id);
  assert.equal(rotationIds.length, ROTATIONS, "one rotation per license");

  const repeatedSteps = (await db.execute(
    sql`select subject_id, action, data->>'keyId' as key_id, count(*)::int as n from audit_events where action like 'rotation.%' or action like 'license_key.%' group by 1, 2, 3 having count(*) > 1`,
  )) as unknown as unknown[];
  assert.deepEqual([...repeatedSteps], [], "an audited rotation or key step happened twice");

  const keys = await db
    .select({ licenseId: t.licenseKeys.licenseId, state: t.licenseKeys.state })
    .from(t.licenseKeys)
    .where(inArray(t.licenseKeys.licenseId, fixture.licenseIds));
  assert.equal(keys.length, 2 * ROTATIONS, "each rotation issues exactly one new key");
  assert.equal(
    keys.filter((key) => key.state === "active").length,
    ROTATIONS,
    "each license ends with exactly one active key",
  );

  // Every rotation falls in the same window: the owner gets one digest for all of them.
  const [notices] = await db
    .select({ n: count() })
    .from(t.outbox)
    .where(
      and(
        eq(t.outbox.kind, "email"),
        eq(t.outbox.status, "sent"),
        like(t.outbox.dedupeKey, `rotation-digest:%:${ROTATIONS}:${fixture.ownerEmail}`),
      ),
    );
  assert.equal(notices!.n, 1, "one upcoming-rotation digest to the owner");
  const [perLicense] = await db
    .select({ n: count() })
    .from(t.outbox)
    .where(like(t.outbox.dedupeKey, "rotation-notice:%"));
  assert.equal(perLicense!.n, 0, "no upcoming-rotation email per license besides the digest");

  const messageIds = deliveries.map((delivery) => delivery.messageId);
  assert.equal(new Set(messageIds).size, messageIds.length, "the receiver got a webhook message twice");
  const rotationEvents = deliveries.filter((delivery) => delivery.type !== "webhook.test");
  const eventNames = rotationEvents.map(
    (delivery) =>
      `${delivery.type}:${String(delivery.data.rotationId ?? delivery.data.keyId ?? delivery.data.licenseId)}`,
  );
  assert.equal(
    new Set(eventNames).size,
    eventNames.length,
    "the same event was delivered twice under different message ids",
  );
  for (const type of ["rotation.upcoming", "rotation.issued", "rotation.completed"]) {
    assert.equal(
      rotationEvents.filter((delivery) => delivery.type === type).length,
      ROTATIONS,
      `one ${type} webhook per rotation`,
    );
  }
}

await runCheck("scale-out", main);
