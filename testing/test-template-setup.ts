/**
 * Vitest global setup of the `postgres` project: migrates one template database per run, so each
 * test file starts from a copy (`CREATE DATABASE … TEMPLATE`, PostgreSQL docs "Template Databases")
 * instead of replaying every migration. PGlite has no such shortcut: loading a dumped data
 * directory (`loadDataDir`) measured slower than migrating an empty in-memory database.
 */
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/lib/db";
import { createTestServerDatabase } from "./test-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated database each test database is copied from. */
    postgresTemplateDatabase?: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { name, databaseUrl, drop } = await createTestServerDatabase("rekey_template");
  // Migrated, then closed: PostgreSQL copies a template only while nobody is connected to it.
  const template = await openDatabase({ databaseUrl, maxConnections: 1 });
  await template.close();
  project.provide("postgresTemplateDatabase", name);
  return drop;
}
