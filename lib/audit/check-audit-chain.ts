import type { Db } from "@/lib/db";
import { verifyAuditChain } from "./verify-audit-chain";

/**
 * `npm run audit:verify`: what the command prints and its exit status. Non-zero when the chain
 * is broken, naming the first row that does not verify (everything after it is suspect too).
 */
export async function checkAuditChain(db: Db): Promise<{ exitCode: number; message: string }> {
  const report = await verifyAuditChain(db);
  if (report.ok) return { exitCode: 0, message: `Audit chain intact: ${report.checked} events verified.` };
  return {
    exitCode: 1,
    message: `Audit chain BROKEN at event id ${report.brokenAtId}: ${report.problem}. ${report.checked} events before it verified; that event and every later one cannot be trusted.`,
  };
}
