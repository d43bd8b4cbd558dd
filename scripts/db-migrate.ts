/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to PGlite under .data/. */
import { getDb, env, dataDir } from "@/lib/config/server";

await getDb();
console.log(`Migrations applied to ${env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${dataDir}`}.`);
process.exit(0);
