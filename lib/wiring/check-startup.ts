import { requireProductionSettings } from "@/lib/config/env";
import type { AppServices } from "./app-services";

/**
 * What must work before a server says it is serving: every production setting present (all named
 * at once), the auth secret and public address, and the database open, migrated and opened by the
 * master key. scripts/serve.ts runs it before it listens; `next dev` from instrumentation.
 */
export async function checkStartup(services: Pick<AppServices, "env" | "authSecret" | "requirePublicUrl" | "db">) {
  requireProductionSettings(services.env);
  services.authSecret();
  services.requirePublicUrl();
  await services.db();
}
