/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to PGlite under .data/. */
import { wireProcess } from "@/lib/wiring";

const { db, env, dataDir } = wireProcess();
await db();
console.log(`Migrations applied to ${env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${dataDir}`}.`);
process.exit(0);
