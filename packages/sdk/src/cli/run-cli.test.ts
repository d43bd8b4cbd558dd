import { describe, expect, it } from "vitest";
import { EXIT } from "./exit-codes.ts";
import { type CliEnvironment, runCli } from "./run-cli.ts";

const LICENSE = "0b6f7c1e-3a52-4d1b-9c7e-2f8a1d3e5b60";
const TOKEN = "rk_org_0123456789abcdefghij";

type Answer = { status: number; body: unknown; contentType?: string } | Error;

/** The CLI against a scripted portal: records each request, answers from `answers` by path. */
function harness(answers: Record<string, Answer>, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: { url: string; init: RequestInit }[] = [];
  const written = new Map<string, string>();
  const io: CliEnvironment = {
    env: { REKEY_URL: "https://licenses.example.com", REKEY_TOKEN: TOKEN, ...env },
    fetch: (async (input: URL, init: RequestInit) => {
      requests.push({ url: input.toString(), init });
      const answer = answers[`${init.method} ${input.pathname}${input.search}`];
      if (answer === undefined) throw new Error(`no scripted answer for ${init.method} ${input}`);
      if (answer instanceof Error) throw answer;
      const isText = typeof answer.body === "string";
      return new Response(isText ? (answer.body as string) : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { "content-type": answer.contentType ?? (isText ? "application/jwt" : "application/json") },
      });
    }) as typeof fetch,
    writeFile: async (target, contents) => {
      if (target.startsWith("/read-only/")) throw new Error("EACCES: permission denied");
      written.set(target, contents);
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  };
  return { io, out, err, requests, written };
}

const problem = (status: number, code: string, detail: string) => ({
  status,
  body: { type: "about:blank", title: code, status, code, detail },
  contentType: "application/problem+json",
});

describe("rekey", () => {
  it("lists licenses as a table, or as JSON with --json, sending the token as a bearer", async () => {
    const license = {
      id: LICENSE,
      product: "atlas",
      edition: "Pro",
      status: "active",
      seats: 5,
      seatsUsed: 2,
      expiresAt: null,
    };
    const { io, out, requests } = harness({
      "GET /api/v1/customer/licenses": { status: 200, body: { data: [license] } },
    });
    expect(await runCli(["licenses"], io)).toBe(EXIT.OK);
    expect(out.join("")).toMatch(new RegExp(`${LICENSE}\\s+atlas Pro\\s+active\\s+2/5\\s+never`));
    expect(new Headers(requests[0]!.init.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(await runCli(["licenses", "--json"], io)).toBe(EXIT.OK);
    expect(JSON.parse(out.at(-1)!)).toEqual([license]);
  });

  it("pulls the current key to stdout, or writes it (or the pending key, or the license file) to --out", async () => {
    const base = `/api/v1/customer/licenses/${LICENSE}`;
    const { io, out, written } = harness({
      [`GET ${base}/key?which=current`]: { status: 200, body: { key: "RK-NEW", prefix: "RK-NE", which: "current" } },
      [`GET ${base}/key?which=pending`]: { status: 200, body: { key: "RK-NEXT", prefix: "RK-NX", which: "pending" } },
      [`GET ${base}/license-file`]: { status: 200, body: "eyJ.file.sig" },
    });
    expect(await runCli(["key", "pull", LICENSE], io)).toBe(EXIT.OK);
    expect(out.at(-1)).toBe("RK-NEW\n");
    expect(await runCli(["key", "pull", LICENSE, "--pending", "--out", "/keys/next"], io)).toBe(EXIT.OK);
    expect(written.get("/keys/next")).toBe("RK-NEXT\n");
    expect(out.at(-1)).not.toContain("RK-NEXT");
    expect(await runCli(["key", "pull", LICENSE, "--file", "--out", "/keys/app.lic", "--json"], io)).toBe(EXIT.OK);
    expect(written.get("/keys/app.lic")).toBe("eyJ.file.sig\n");
    expect(JSON.parse(out.at(-1)!)).toEqual({ written: "/keys/app.lic" });
  });

  it("rotates with the overlap asked for and says until when the old key works", async () => {
    const { io, out, requests } = harness({
      [`POST /api/v1/customer/licenses/${LICENSE}/rotate`]: {
        status: 200,
        body: { rotationId: "r1", oldKeyValidUntil: "2026-12-07T10:00:00.000Z" },
      },
    });
    expect(await runCli(["rotate", LICENSE, "--overlap", "60"], io)).toBe(EXIT.OK);
    expect(JSON.parse(requests[0]!.init.body as string)).toEqual({ overlapMinutes: 60 });
    expect(out.at(-1)).toContain("2026-12-07T10:00:00.000Z");
  });

  it("schedules the rotation for --at, sending the time in UTC, and says when it happens", async () => {
    const { io, out, requests } = harness({
      [`POST /api/v1/customer/licenses/${LICENSE}/rotate`]: {
        status: 200,
        body: { rotationId: "r1", state: "planned", scheduledFor: "2026-12-15T01:00:00.000Z", oldKeyValidUntil: null },
      },
    });
    expect(await runCli(["rotate", LICENSE, "--at", "2026-12-15T02:00:00+01:00"], io)).toBe(EXIT.OK);
    expect(JSON.parse(requests[0]!.init.body as string)).toEqual({ at: "2026-12-15T01:00:00.000Z" });
    expect(out.at(-1)).toContain("rotates at 2026-12-15T01:00:00.000Z");
  });

  it.each([
    [401, "UNAUTHENTICATED", EXIT.UNAUTHENTICATED],
    [403, "FORBIDDEN", EXIT.FORBIDDEN],
    [404, "NOT_FOUND", EXIT.NOT_FOUND],
    [409, "CONFLICT", EXIT.REFUSED],
    [422, "POLICY_VIOLATION", EXIT.REFUSED],
    [429, "RATE_LIMITED", EXIT.RATE_LIMITED],
    [503, "UNAVAILABLE", EXIT.UNAVAILABLE],
  ])("answers a %i (%s) with one line on stderr and its exit code", async (status, code, exitCode) => {
    const { io, out, err } = harness({
      [`GET /api/v1/customer/licenses/${LICENSE}/devices`]: problem(status, code, "Because."),
    });
    expect(await runCli(["devices", LICENSE], io)).toBe(exitCode);
    expect(out).toEqual([]);
    expect(err).toEqual([`rekey: Because. (${code})\n`]);
  });

  it("exits USAGE without calling anyone when the command line or the environment is wrong", async () => {
    for (const [argv, env, message] of [
      [["frobnicate"], {}, /Unknown command/],
      [["licenses"], { REKEY_TOKEN: undefined }, /Set REKEY_TOKEN/],
      [["licenses"], { REKEY_URL: "" }, /Set REKEY_URL/],
      [["licenses"], { REKEY_TOKEN: "rk_live_vendorToken123" }, /not an organization API token/],
      [["licenses"], { REKEY_URL: "http://licenses.example.com" }, /must be https/],
    ] as const) {
      const { io, err, requests } = harness({}, env);
      expect(await runCli(argv, io)).toBe(EXIT.USAGE);
      expect(err.join("")).toMatch(message);
      expect(requests).toEqual([]);
    }
  });

  it("exits UNAVAILABLE when the portal cannot be reached, and WRITE_FAILED when --out cannot be written", async () => {
    const unreachable = harness({ "GET /api/v1/customer/licenses": new TypeError("fetch failed") });
    expect(await runCli(["licenses"], unreachable.io)).toBe(EXIT.UNAVAILABLE);
    expect(unreachable.err.join("")).toContain("Cannot reach https://licenses.example.com");
    const readOnly = harness({
      [`GET /api/v1/customer/licenses/${LICENSE}/key?which=current`]: {
        status: 200,
        body: { key: "RK-NEW", prefix: "RK-NE", which: "current" },
      },
    });
    expect(await runCli(["key", "pull", LICENSE, "--out", "/read-only/key"], readOnly.io)).toBe(EXIT.WRITE_FAILED);
    expect(readOnly.out.join("")).not.toContain("RK-NEW");
  });
});
