/** `npm run staff:grant -- <email> <support|admin> [<email> <support|admin> …]` */
import { z } from "zod";
import { wireProcess } from "@/lib/wiring";
import { grantStaffRole, grantStaffRoleSchema } from "@/lib/auth/grant-staff-role";

const USAGE = "Usage: npm run staff:grant -- <email> <support|admin> [<email> <support|admin> …]";

// Several people in one run: each run starts the app's modules and a database pool, which cost the
// e2e server's start-up 4–5 CPU-s per person (issue 23).
const args = process.argv.slice(2);
const pairs = Array.from({ length: Math.ceil(args.length / 2) }, (_, i) => ({
  email: args[2 * i],
  role: args[2 * i + 1],
}));
const parsed = z
  .array(grantStaffRoleSchema)
  .min(1, { error: "Name at least one person: <email> <support|admin>." })
  .safeParse(pairs);
if (!parsed.success) {
  console.error(USAGE);
  for (const issue of parsed.error.issues) console.error(`  ${issue.path.join(".") || "arguments"}: ${issue.message}`);
  process.exit(2);
}
// Every pair is checked before anyone is granted anything.
const db = await wireProcess().db();
for (const grant of parsed.data) {
  const result = await grantStaffRole({ db, now: () => new Date(), actor: { type: "system", label: "cli" } }, grant);
  console.log(
    `${grant.email} is now ${grant.role} staff${result.previousRole ? ` (was ${result.previousRole})` : ""}.`,
  );
}
process.exit(0);
