/** `npm run db:seed`: loads the demo data once; a database that has it already is left alone. */
import { wireProcess } from "@/lib/wiring";
import { DEMO_USERS, seedDemoData } from "@/lib/bootstrap/seed-demo-data";

const { db, keySecrets, isProduction } = wireProcess();
const { seeded } = await seedDemoData(await db(), {
  now: new Date(),
  secrets: keySecrets(),
  withStaffRoles: !isProduction,
});
console.log(
  seeded
    ? `Demo data loaded. Sign in as ${Object.values(DEMO_USERS).join(", ")}.`
    : "Demo data is already present; nothing changed.",
);
if (seeded && isProduction)
  console.log(
    "Production: the demo staff addresses are plain users; make staff with `npm run staff:grant -- <email> <support|admin>`.",
  );
process.exit(0);
