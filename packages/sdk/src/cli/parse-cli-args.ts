/**
 * The `rekey` command line (issue 17) as data: which command, its license, its options. Pure, so
 * every usage mistake is tested without a process: anything this refuses exits with USAGE.
 */

export type CliCommand =
  | { name: "help" }
  | { name: "licenses" }
  | { name: "key-pull"; licenseId: string; out: string | null; isLicenseFile: boolean; isPending: boolean }
  | { name: "rotate"; licenseId: string; overlapMinutes: number | null; at: string | null }
  | { name: "postpone"; licenseId: string }
  | { name: "devices"; licenseId: string };

export interface CliInvocation {
  command: CliCommand;
  isJson: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: rekey <command> [options]

Commands:
  licenses                         List your organization's licenses
  key pull <license> [--out FILE]  Print or write the license's current key
        [--pending]                  the key issued ahead of a rotation instead
        [--file]                     a signed license file instead of the key
  rotate <license> [--overlap M]   Rotate the key now; the old key keeps working M minutes
        [--at TIME]                  at TIME instead (RFC 3339 with a zone, e.g. 2026-12-15T02:00:00+01:00)
  postpone <license>               Postpone the next planned rotation by one window
  devices <license>                List the devices bound to the license

Options:
  --json   Print the answer as JSON (every command)
  --help   Show this help

Environment:
  REKEY_URL    The portal's address, e.g. https://licenses.example.com
  REKEY_TOKEN  An API token (rk_org_…) from Settings → API tokens`;

/**
 * RFC 3339 date-time with a zone (`Z` or an offset): a time without one would be read in the
 * runner's zone, which in CI is rarely the one the customer meant.
 */
const isZonedTime = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) &&
  !Number.isNaN(Date.parse(value));

const LICENSE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Flags each command accepts; `value` flags take the next argument (or `--flag=value`). */
const FLAGS: Record<CliCommand["name"], { switches: string[]; values: string[] }> = {
  help: { switches: [], values: [] },
  licenses: { switches: [], values: [] },
  "key-pull": { switches: ["--file", "--pending"], values: ["--out"] },
  rotate: { switches: [], values: ["--overlap", "--at"] },
  postpone: { switches: [], values: [] },
  devices: { switches: [], values: [] },
};

function commandName(words: string[]): { name: CliCommand["name"]; rest: string[] } {
  const [first, second, ...rest] = words;
  if (first === undefined || first === "help") return { name: "help", rest: [] };
  if (first === "key") {
    if (second !== "pull") throw new UsageError(`Unknown command “key ${second ?? ""}”; did you mean “key pull”?`);
    return { name: "key-pull", rest };
  }
  if (first === "licenses" || first === "rotate" || first === "postpone" || first === "devices")
    return { name: first, rest: second === undefined ? rest : [second, ...rest] };
  throw new UsageError(`Unknown command “${first}”. Run “rekey --help” for the list.`);
}

export function parseCliArgs(argv: readonly string[]): CliInvocation {
  const words: string[] = [];
  const switches = new Set<string>();
  const values = new Map<string, string>();
  const optionArgs: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (!arg.startsWith("--")) {
      words.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    optionArgs.push(flag);
    if (flag === "--json" || flag === "--help") switches.add(flag);
    else if (["--out", "--overlap", "--at"].includes(flag)) {
      const value = inline ?? argv[++index];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value.`);
      values.set(flag, value);
    } else switches.add(flag);
  }
  const isJson = switches.has("--json");
  if (switches.has("--help")) return { command: { name: "help" }, isJson };
  const { name, rest } = commandName(words);
  const allowed = FLAGS[name];
  for (const flag of optionArgs) {
    if (flag !== "--json" && !allowed.switches.includes(flag) && !allowed.values.includes(flag))
      throw new UsageError(`${flag} is not an option of this command. Run “rekey --help”.`);
  }
  if (name === "help") return { command: { name }, isJson };
  if (name === "licenses") {
    if (rest.length > 0) throw new UsageError(`“rekey licenses” takes no arguments (got “${rest[0]}”).`);
    return { command: { name }, isJson };
  }
  const [licenseId, ...extra] = rest;
  if (licenseId === undefined) throw new UsageError("Name the license: its id, as “rekey licenses” lists it.");
  if (!LICENSE_ID.test(licenseId)) throw new UsageError(`“${licenseId}” is not a license id (a UUID).`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
  switch (name) {
    case "key-pull":
      if (switches.has("--file") && switches.has("--pending"))
        throw new UsageError("A license file is always for the current key: use --file or --pending, not both.");
      return {
        command: {
          name,
          licenseId,
          out: values.get("--out") ?? null,
          isLicenseFile: switches.has("--file"),
          isPending: switches.has("--pending"),
        },
        isJson,
      };
    case "rotate": {
      const overlap = values.get("--overlap");
      if (overlap !== undefined && !/^\d{1,6}$/.test(overlap))
        throw new UsageError(`--overlap takes whole minutes (got “${overlap}”).`);
      const at = values.get("--at");
      if (at !== undefined && !isZonedTime(at))
        throw new UsageError(`--at takes a time with its zone, e.g. 2026-12-15T02:00:00+01:00 (got “${at}”).`);
      return {
        command: { name, licenseId, overlapMinutes: overlap === undefined ? null : Number(overlap), at: at ?? null },
        isJson,
      };
    }
    default:
      return { command: { name, licenseId }, isJson };
  }
}
