import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT } from "./exit-codes.ts";
import { USAGE } from "./parse-cli-args.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("the CLI's README section", () => {
  it("documents every exit code the CLI uses, and no other", () => {
    const documented = [...readme.matchAll(/^\| (\d+) \| /gm)].map((match) => Number(match[1]));
    expect(documented).toEqual(Object.values(EXIT));
  });

  it("shows every command the CLI accepts", () => {
    const commands = [...USAGE.matchAll(/^ {2}([a-z]+(?: pull)?) /gm)].map((match) => match[1]);
    for (const command of commands) expect(readme).toContain(`rekey ${command}`);
  });
});
