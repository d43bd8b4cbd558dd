import { EXIT, type ExitCode, exitCodeForStatus } from "./exit-codes.ts";
import { type CliCommand, parseCliArgs, USAGE, UsageError } from "./parse-cli-args.ts";

/** What the CLI touches outside itself, so tests run it without a network, a disk or a process. */
export interface CliEnvironment {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  writeFile: (target: string, contents: string) => Promise<void>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

const TOKEN_PATTERN = /^rk_org_[A-Za-z0-9_-]{8,200}$/;

function connection(env: CliEnvironment["env"]): { base: URL; token: string } {
  const token = env.REKEY_TOKEN?.trim();
  const url = env.REKEY_URL?.trim();
  if (!url)
    throw new CliFailure("Set REKEY_URL to your portal's address (e.g. https://licenses.example.com).", EXIT.USAGE);
  if (!token) throw new CliFailure("Set REKEY_TOKEN to an API token from Settings → API tokens.", EXIT.USAGE);
  if (!TOKEN_PATTERN.test(token))
    throw new CliFailure("REKEY_TOKEN is not an organization API token (they start with rk_org_).", EXIT.USAGE);
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new CliFailure(`REKEY_URL “${url}” is not a URL.`, EXIT.USAGE);
  }
  // The token travels in every request: never in the clear to anything but this machine.
  const isLoopback = ["localhost", "127.0.0.1", "[::1]"].includes(base.hostname);
  if (base.protocol !== "https:" && !(base.protocol === "http:" && isLoopback))
    throw new CliFailure("REKEY_URL must be https:// (http:// only for localhost).", EXIT.USAGE);
  return { base, token };
}

/** One customer API call; a refusal becomes a one-line message (the problem's detail) and its exit code. */
async function call(
  io: CliEnvironment,
  path: string,
  init: { method?: "GET" | "POST"; body?: unknown; accept?: string } = {},
): Promise<Response> {
  const { base, token } = connection(io.env);
  const url = new URL(`/api/v1/customer${path}`, base);
  let response: Response;
  try {
    response = await io.fetch(url, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${token}`,
        accept: init.accept ?? "application/json",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: "error",
    });
  } catch (error) {
    throw new CliFailure(`Cannot reach ${base.origin}: ${(error as Error).message}`, EXIT.UNAVAILABLE);
  }
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`.trim();
  try {
    const problem = (await response.json()) as { detail?: unknown; code?: unknown };
    if (typeof problem.detail === "string")
      detail = `${problem.detail}${typeof problem.code === "string" ? ` (${problem.code})` : ""}`;
  } catch {
    // Not problem+json (a proxy's page): the status line says enough.
  }
  throw new CliFailure(detail, exitCodeForStatus(response.status));
}

const json = async <T>(response: Response) => (await response.json()) as T;

interface LicenseRow {
  id: string;
  product: string;
  edition: string;
  status: string;
  seats: number;
  seatsUsed: number;
  expiresAt: string | null;
}
interface DeviceRow {
  id: string;
  name: string;
  platform: string | null;
  status: string;
  lastSeenAt: string | null;
}

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

async function execute(command: Exclude<CliCommand, { name: "help" }>, isJson: boolean, io: CliEnvironment) {
  const print = (human: string, machine: unknown) => io.stdout(`${isJson ? JSON.stringify(machine) : human}\n`);
  switch (command.name) {
    case "licenses": {
      const { data } = await json<{ data: LicenseRow[] }>(await call(io, "/licenses"));
      const rows = data.map((license) => [
        license.id,
        `${license.product} ${license.edition}`,
        license.status,
        `${license.seatsUsed}/${license.seats}`,
        license.expiresAt ?? "never",
      ]);
      return print(
        data.length === 0 ? "No licenses." : table([["LICENSE", "PRODUCT", "STATUS", "SEATS", "EXPIRES"], ...rows]),
        data,
      );
    }
    case "key-pull": {
      const base = `/licenses/${command.licenseId}`;
      const pulled = command.isLicenseFile
        ? { licenseFile: await (await call(io, `${base}/license-file`, { accept: "application/jwt" })).text() }
        : await json<{ key: string; prefix: string; which: string }>(
            await call(io, `${base}/key?which=${command.isPending ? "pending" : "current"}`),
          );
      const secret = "licenseFile" in pulled ? pulled.licenseFile : pulled.key;
      if (command.out === null) return print(secret, pulled);
      try {
        await io.writeFile(command.out, `${secret}\n`);
      } catch (error) {
        throw new CliFailure(`Could not write ${command.out}: ${(error as Error).message}`, EXIT.WRITE_FAILED);
      }
      const what = "licenseFile" in pulled ? "license file" : `${pulled.which} key ${pulled.prefix}…`;
      return print(`Wrote the ${what} to ${command.out}.`, { written: command.out });
    }
    case "rotate": {
      const body = {
        ...(command.overlapMinutes === null ? {} : { overlapMinutes: command.overlapMinutes }),
        // The portal takes a zoned time; normalised to UTC so the answer and the request compare.
        ...(command.at === null ? {} : { at: new Date(command.at).toISOString() }),
      };
      const rotated = await json<{ rotationId: string; scheduledFor: string; oldKeyValidUntil: string | null }>(
        await call(io, `/licenses/${command.licenseId}/rotate`, { method: "POST", body }),
      );
      return print(
        command.at === null
          ? `Rotated. The new key is current now; the old key works until ${rotated.oldKeyValidUntil ?? "now"}.`
          : `Scheduled. The key rotates at ${rotated.scheduledFor}; pull the new key then (rekey key pull --pending once it is issued).`,
        rotated,
      );
    }
    case "postpone": {
      const postponed = await json<{ scheduledFor: string }>(
        await call(io, `/licenses/${command.licenseId}/postpone`, { method: "POST", body: {} }),
      );
      return print(`The next rotation is now planned for ${postponed.scheduledFor}.`, postponed);
    }
    case "devices": {
      const { data } = await json<{ data: DeviceRow[] }>(await call(io, `/licenses/${command.licenseId}/devices`));
      const rows = data.map((device) => [device.id, device.name, device.status, device.lastSeenAt ?? "never"]);
      return print(
        data.length === 0 ? "No devices." : table([["DEVICE", "NAME", "STATUS", "LAST SEEN"], ...rows]),
        data,
      );
    }
  }
}

/** Runs one `rekey` invocation; resolves to its exit code, having printed the answer or one line saying why not. */
export async function runCli(argv: readonly string[], io: CliEnvironment): Promise<ExitCode> {
  try {
    const { command, isJson } = parseCliArgs(argv);
    if (command.name === "help") {
      io.stdout(`${USAGE}\n`);
      return EXIT.OK;
    }
    await execute(command, isJson, io);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`rekey: ${error.message}\n`);
      return EXIT.USAGE;
    }
    if (error instanceof CliFailure) {
      io.stderr(`rekey: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`rekey: unexpected failure: ${(error as Error).message}\n`);
    return EXIT.UNAVAILABLE;
  }
}
