import { ConfigurationError, type Env } from "./env";

/** Connection failures that mean "nothing answers at that address", whatever the driver. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "CONNECT_TIMEOUT"]);

function codeOf(error: unknown): string | undefined {
  const code =
    (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * What start-up prints when it fails (issue 16, item 13): one line naming the setting and the fix,
 * never a stack trace for a mistake in the configuration. A database that does not answer is
 * named by DATABASE_URL's host and port (never its password).
 */
export function startupFailureMessage(error: unknown, env?: Pick<Env, "DATABASE_URL">): string {
  if (error instanceof ConfigurationError) {
    const lines = error.message.split("\n");
    return lines.length === 1
      ? `Rekey cannot start: ${lines[0]}`
      : `Rekey cannot start; fix these settings:\n${lines.map((line) => `  ${line}`).join("\n")}`;
  }
  const code = codeOf(error);
  if (code === "EADDRINUSE") {
    const { port } = error as { port?: number };
    return `Rekey cannot start: port ${port ?? ""} is in use by another program: stop it, or set PORT (and REKEY_PUBLIC_URL) to a free port.`.replace(
      "port  is",
      "its port is",
    );
  }
  if (env?.DATABASE_URL && code && UNREACHABLE.has(code)) {
    const { hostname, port } = new URL(env.DATABASE_URL);
    return `Rekey cannot start: nothing answers at DATABASE_URL's ${hostname}:${port || 5432} (${code}): start PostgreSQL there, correct DATABASE_URL, or unset it to use the embedded database.`;
  }
  return `Rekey cannot start: ${error instanceof Error ? error.message : String(error)}`;
}

/** Whether a failure is the operator's to fix in the configuration (so its stack trace helps nobody). */
export function isConfigurationFailure(error: unknown, env?: Pick<Env, "DATABASE_URL">): boolean {
  const code = codeOf(error);
  return (
    error instanceof ConfigurationError ||
    code === "EADDRINUSE" ||
    Boolean(env?.DATABASE_URL && code && UNREACHABLE.has(code))
  );
}

/**
 * Prints why start-up failed: the one line for a configuration mistake, the stack as well for
 * anything else (that is a bug to report, and its stack is what a maintainer needs).
 */
export function printStartupFailure(error: unknown, env?: Pick<Env, "DATABASE_URL">): void {
  const usableEnv = env?.DATABASE_URL && URL.canParse(env.DATABASE_URL) ? env : undefined;
  process.stderr.write(`${startupFailureMessage(error, usableEnv)}\n`);
  if (!isConfigurationFailure(error, usableEnv) && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
}
