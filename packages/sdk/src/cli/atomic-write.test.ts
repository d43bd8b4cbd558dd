import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomically } from "./atomic-write.ts";

describe("writing a pulled key", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("replaces the file whole, readable by its owner only, leaving no temporary file behind", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rekey-cli-"));
    const target = path.join(dir, "license.key");
    await writeFile(target, "RK-OLD\n", { mode: 0o644 });
    await writeFileAtomically(target, "RK-NEW\n");
    expect(await readFile(target, "utf8")).toBe("RK-NEW\n");
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["license.key"]);
  });

  it("leaves the old file as it was when the directory does not exist", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rekey-cli-"));
    await expect(writeFileAtomically(path.join(dir, "missing", "license.key"), "RK-NEW\n")).rejects.toThrow(/ENOENT/);
  });
});
