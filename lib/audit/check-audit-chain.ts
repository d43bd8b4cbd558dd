import type { Db } from "@/lib/db";
import { verifyAuditChain, type VerifyAuditChainOptions } from "./verify-audit-chain";

/**
 * `npm run audit:verify`: what the command prints and its exit status. Non-zero when the chain
 * is broken, naming what is wrong (everything after a broken event is suspect too).
 */
export async function checkAuditChain(
  db: Db,
  options: VerifyAuditChainOptions = {},
): Promise<{ exitCode: number; message: string }> {
  const report = await verifyAuditChain(db, options);
  if (report.ok) {
    const notes = [
      report.legacyEvents > 0
        ? `${report.legacyEvents} written before the chain was keyed are checked by hash only`
        : null,
      report.retiredKeyEvents > 0
        ? `${report.retiredKeyEvents} keyed with a master key no longer in the ring are checked by hash and signed checkpoint`
        : null,
      report.untrustedCheckpoints > 0
        ? `${report.untrustedCheckpoints} checkpoints signed by keys no longer trusted were skipped`
        : null,
    ].filter(Boolean);
    return {
      exitCode: 0,
      message: `Audit chain intact: ${report.checked} events verified (hash and MAC), ${report.checkpoints} signed checkpoints match.${notes.length ? ` Note: ${notes.join("; ")}.` : ""}`,
    };
  }
  const at = report.brokenAtId === null ? "" : ` at event ${report.brokenAtId}`;
  return {
    exitCode: 1,
    message: `Audit chain BROKEN${at}: ${report.problem}. ${report.checked} events before it verified; nothing after it can be trusted.`,
  };
}
