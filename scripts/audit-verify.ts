/** `npm run audit:verify`: walks the audit hash chain; exits 1 and names the first broken event. */
import { getDb } from "@/lib/config/server";
import { checkAuditChain } from "@/lib/audit";

const { exitCode, message } = await checkAuditChain(await getDb());
(exitCode === 0 ? console.log : console.error)(message);
process.exit(exitCode);
