/**
 * The harness's wiring object (configModule) answers every member that reaches a database, a
 * secret or a file with the test's own. The real object is made once per worker, for the first
 * file it ran: members left real opened an embedded database with generated secrets in that file's
 * folder, after the file had removed it, or failed because it was not empty yet, so whether
 * app/bad-input.test.ts passed depended on the order vitest ran the files in.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CHANGE_CHANNELS } from "@/lib/db/change-notices";
import { appServices } from "@/lib/config/server";
import { harness, useProbeWorld } from "@/testing/app-harness";

describe("the app harness's wiring object", { timeout: 180_000 }, () => {
  useProbeWorld();

  it("reaches the test's database, signer and files, and never opens a database or writes secrets of its own", async () => {
    const services = appServices();
    const before = existsSync(services.dataDir) ? readdirSync(services.dataDir) : [];

    await services.consumeSignInAttempt({ email: "someone@example.com", ip: "203.0.113.9" });
    await expect((await services.revocationFeedHead()).current()).resolves.toEqual(expect.any(Number));
    expect((await services.auditExportDeps()).signer).toBe(harness.signer);
    expect(services.authSecret()).toEqual(expect.any(String));
    await services.listenForChanges(CHANGE_CHANNELS.revocations, () => undefined);

    const after = existsSync(services.dataDir) ? readdirSync(services.dataDir) : [];
    expect(after.filter((name) => !before.includes(name))).toEqual([]);
    expect(existsSync(path.join(services.dataDir, "dev-secrets.json"))).toBe(false);

    // Release files go to this file's own folder, whichever file the real object was made for.
    const key = `releases/${randomUUID()}/${randomUUID()}`;
    await services.artifactStore().put(key, Readable.from([Buffer.from("bytes")]));
    expect(existsSync(path.join(process.env.REKEY_DATA_DIR!, "artifacts", key))).toBe(true);
  });
});
