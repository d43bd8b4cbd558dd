import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./parse-cli-args.ts";

const LICENSE = "0b6f7c1e-3a52-4d1b-9c7e-2f8a1d3e5b60";

describe("rekey's command line", () => {
  it("reads every command with its license and options, --json anywhere", () => {
    expect(parseCliArgs(["licenses", "--json"])).toEqual({ command: { name: "licenses" }, isJson: true });
    expect(parseCliArgs(["key", "pull", LICENSE, "--out", "key.txt"])).toEqual({
      command: { name: "key-pull", licenseId: LICENSE, out: "key.txt", isLicenseFile: false, isPending: false },
      isJson: false,
    });
    expect(parseCliArgs(["--json", "key", "pull", LICENSE, "--file", "--out=app.lic"]).command).toMatchObject({
      out: "app.lic",
      isLicenseFile: true,
    });
    expect(parseCliArgs(["key", "pull", LICENSE, "--pending"]).command).toMatchObject({ isPending: true, out: null });
    expect(parseCliArgs(["rotate", LICENSE, "--overlap", "90"]).command).toEqual({
      name: "rotate",
      licenseId: LICENSE,
      overlapMinutes: 90,
      at: null,
    });
    expect(parseCliArgs(["rotate", LICENSE]).command).toMatchObject({ overlapMinutes: null });
    expect(parseCliArgs(["rotate", LICENSE, "--at=2026-12-15T02:00:00+01:00"]).command).toMatchObject({
      at: "2026-12-15T02:00:00+01:00",
    });
    expect(parseCliArgs(["postpone", LICENSE]).command).toEqual({ name: "postpone", licenseId: LICENSE });
    expect(parseCliArgs(["devices", LICENSE, "--json"])).toEqual({
      command: { name: "devices", licenseId: LICENSE },
      isJson: true,
    });
  });

  it("shows help with no command, `help` or --help", () => {
    for (const argv of [[], ["help"], ["rotate", "--help"]])
      expect(parseCliArgs(argv).command).toEqual({ name: "help" });
  });

  it.each([
    [["frobnicate"], /Unknown command “frobnicate”/],
    [["key", "push", LICENSE], /did you mean “key pull”/],
    [["key", "pull"], /Name the license/],
    [["key", "pull", "not-a-uuid"], /not a license id/],
    [["key", "pull", LICENSE, "--out"], /--out needs a value/],
    [["key", "pull", LICENSE, "--file", "--pending"], /not both/],
    [["rotate", LICENSE, "--overlap", "1h"], /whole minutes/],
    [["rotate", LICENSE, "--out", "x"], /--out is not an option of this command/],
    [["rotate", LICENSE, "--at", "2026-12-15 02:00"], /time with its zone/],
    [["rotate", LICENSE, "--at", "2026-12-15T02:00:00"], /time with its zone/],
    [["rotate", LICENSE, "--at", "2026-13-45T02:00:00Z"], /time with its zone/],
    [["key", "pull", LICENSE, "--at", "2026-12-15T02:00:00Z"], /--at is not an option of this command/],
    [["devices", LICENSE, "extra"], /Unexpected argument “extra”/],
    [["licenses", LICENSE], /takes no arguments/],
  ])("refuses %j with a message that says what to fix", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
