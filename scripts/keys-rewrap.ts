/**
 * `npm run keys:rewrap`: after putting a new master key first in REKEY_MASTER_KEY (keeping the old
 * one after it), moves every stored secret onto the new version. Then the old one can be removed.
 */
import { wireProcess } from "@/lib/wiring";
import { rewrapMasterKey } from "@/lib/key-governance";

const services = wireProcess();
const { ring } = services.keySecrets();
const counts = await rewrapMasterKey(
  { db: await services.db(), now: () => new Date(), actor: { type: "system", label: "cli" } },
  { ring },
);
console.log(
  `Re-wrapped ${counts.signingKeys} signing keys, ${counts.licenseKeys} license keys and ${counts.webhookSecrets} webhook secrets under master key v${ring.current.version}.`,
);
process.exit(0);
