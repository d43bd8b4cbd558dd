import { expireApprovals } from "@/lib/approvals";
import { writeAuditCheckpoints } from "@/lib/audit";
import { expireStaleDevices } from "@/lib/devices";
import { recordLicenseExpiries, retireUnusedKeys, sendRenewalReminders } from "@/lib/licensing";
import { finaliseDueRevocations } from "@/lib/licensing/finalise-due-revocations";
import { sendHealthAlerts } from "@/lib/health";
import { removeExpiredIdempotencyKeys } from "@/lib/http/idempotency";
import type { Logger } from "@/lib/logger";
import type { OutgoingHttp } from "@/lib/net";
import { retryFailedEmails } from "@/lib/notify";
import { completeDueOffboardings } from "@/lib/offboarding";
import { deliverDueWebhooks } from "@/lib/notify/channels";
import { advanceSigningKeySchedule } from "@/lib/signing";
import { recordWorkerHeartbeat } from "@/lib/status";
import { runRotationWorkerPass, WORKER_ACTOR, type WorkerDeps } from "./rotation-worker";

/**
 * Runs worker passes back to back with a pause between them, until stopped. A failing pass is
 * logged and retried on the next tick; the loop itself never dies of it.
 */
export function startWorkerLoop(
  deps: WorkerDeps & { outgoing: OutgoingHttp },
  { intervalMs = 15_000, logger }: { intervalMs?: number; logger: Pick<Logger, "info" | "warn" | "error"> },
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const approvalsExpired = await expireApprovals({ db: deps.db, now: deps.now, actor: WORKER_ACTOR });
      const signingKeys = deps.signingKeySchedule
        ? await advanceSigningKeySchedule(
            { db: deps.db, now: deps.now, actor: WORKER_ACTOR },
            { ring: deps.secrets.ring, policy: deps.signingKeySchedule },
          )
        : null;
      const report = await runRotationWorkerPass(deps);
      const emails = await retryFailedEmails(deps.db, deps.mailer, { now: deps.now() });
      const webhooks = await deliverDueWebhooks(deps.db, {
        ring: deps.secrets.ring,
        now: deps.now(),
        outgoing: deps.outgoing,
        logger,
      });
      const devices = await expireStaleDevices({ db: deps.db, now: deps.now, actor: WORKER_ACTOR });
      const renewalReminders = await sendRenewalReminders(deps.db, {
        now: deps.now(),
        mailer: deps.mailer,
        portalUrl: deps.portalUrl,
        renewalUrl: deps.renewalUrl,
      });
      // Before the expiry sweep, so licenses an offboarding lets expire are marked expired in the same pass.
      const offboardings = await completeDueOffboardings({ db: deps.db, now: deps.now, actor: WORKER_ACTOR });
      await recordLicenseExpiries(deps.db, { now: deps.now() });
      const retiredKeys = await retireUnusedKeys({ db: deps.db, now: deps.now, actor: WORKER_ACTOR });
      const revocations = await finaliseDueRevocations(
        { db: deps.db, now: deps.now, actor: WORKER_ACTOR },
        { mailer: deps.mailer, portalUrl: deps.portalUrl },
      );
      const idempotencyKeysRemoved = await removeExpiredIdempotencyKeys(deps.db, { now: deps.now() });
      await recordWorkerHeartbeat(deps.db, deps.now());
      const alerts = deps.alerts
        ? await sendHealthAlerts(deps.db, deps.mailer, { now: deps.now(), ...deps.alerts })
        : { firing: 0, sent: 0 };
      // Last, so the checkpoint covers the events this pass wrote. A broken chain fails the pass
      // loudly (logged below) rather than being signed.
      if (deps.auditCheckpoints) await writeAuditCheckpoints(deps, deps.auditCheckpoints);
      const bulkChanged = Object.values(report.bulk).some(Boolean);
      const counts = [
        approvalsExpired,
        report.planned,
        report.stepped,
        report.noticesSent,
        report.failed,
        emails.sent,
        emails.failed,
        webhooks.sent,
        webhooks.failed,
        devices.expired,
        revocations.finalised,
        offboardings.completed,
        alerts.sent,
        renewalReminders,
        retiredKeys,
        idempotencyKeysRemoved,
        signingKeys?.published,
        signingKeys?.activated,
        signingKeys?.retired,
      ];
      if (bulkChanged || counts.some(Boolean)) {
        logger.info(
          {
            ...report,
            approvalsExpired,
            emails,
            webhooks,
            devices,
            revocations,
            offboardings,
            alerts,
            renewalReminders,
            retiredKeys,
            idempotencyKeysRemoved,
            signingKeys,
          },
          "worker pass",
        );
      }
    } catch (error) {
      logger.error({ err: error }, "worker pass failed; retrying next tick");
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), intervalMs);
  };
  running = tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
