#!/usr/bin/env node
// The `rekey` command (issue 17): list licenses, pull keys, rotate, from a pipeline. README, “The rekey CLI”.
import { writeFileAtomically } from "./atomic-write.ts";
import { runCli } from "./run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  fetch: globalThis.fetch,
  writeFile: writeFileAtomically,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
