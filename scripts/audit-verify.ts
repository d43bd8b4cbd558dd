/**
 * `npm run audit:verify`: checks every audit event's hash and keyed MAC and every signed
 * checkpoint; exits 1 naming what is wrong. When all is well it signs a checkpoint over the head,
 * so events removed from the end from now on are caught too.
 */
import { checkAuditChain, writeAuditCheckpoints } from "@/lib/audit";
import { wireProcess } from "@/lib/wiring";

const services = wireProcess();
const db = await services.db();
const { exitCode, message } = await checkAuditChain(db);
(exitCode === 0 ? console.log : console.error)(message);
if (exitCode === 0)
  await writeAuditCheckpoints(
    { db, now: () => new Date() },
    { signer: await services.signing(), issuer: services.tokenIssuer },
  );
process.exit(exitCode);
