/**
 * Deterministic JSON (keys sorted, no whitespace) in the spirit of RFC 8785, so a hash computed
 * today can be recomputed from the stored row tomorrow regardless of key order in jsonb. The
 * same text as `JSON.stringify` of a key-sorted copy (dates as ISO strings, undefined members
 * left out, undefined array items as null), written directly: every audit event is hashed
 * through it, and the sorted copies were a fleet rotation's largest source of garbage.
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

function write(value: unknown): string | undefined {
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? "null").join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    let text = "";
    for (const key of Object.keys(value).sort()) {
      const member = write((value as Record<string, unknown>)[key]);
      if (member !== undefined) text += `${text ? "," : ""}${JSON.stringify(key)}:${member}`;
    }
    return `{${text}}`;
  }
  return JSON.stringify(value);
}
