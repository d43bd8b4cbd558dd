/** `npm run db:seed`: loads the demo data once; a database that has it already is left alone. */
import { getDb, getKeySecrets, isProduction } from "@/lib/config/server";
import { DEMO_USERS, seedDemoData } from "@/lib/bootstrap/seed-demo-data";

const { seeded } = await seedDemoData(await getDb(), { now: new Date(), secrets: getKeySecrets(), withStaffRoles: !isProduction });
console.log(seeded ? `Demo data loaded. Sign in as ${Object.values(DEMO_USERS).join(", ")}.` : "Demo data is already present; nothing changed.");
if (seeded && isProduction) console.log("Production: the demo staff addresses are plain users; make staff with `npm run staff:grant -- <email> <support|admin>`.");
process.exit(0);
