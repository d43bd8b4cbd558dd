/**
 * The Range header of a download (RFC 9110 §14.2), for resuming a cut download. One range is
 * served; a header we do not serve (another unit, several ranges, bad syntax) is ignored and the
 * whole file sent, as §14.2 allows. A range that starts past the end is 416 (§15.5.17).
 */
export type ByteRange = { kind: "whole" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes[ \t]*=[ \t]*(\d*)-(\d*)[ \t]*$/i;

export function parseByteRange(header: string | null, size: number): ByteRange {
  if (!header) return { kind: "whole" };
  const match = SINGLE_RANGE.exec(header);
  if (!match) return { kind: "whole" };
  const [, first, last] = match as unknown as [string, string, string];
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    // A suffix range (§14.1.2): the last N bytes, all of them when N exceeds the size.
    const suffixLength = Number(last);
    if (!Number.isSafeInteger(suffixLength)) return { kind: "whole" };
    if (suffixLength === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffixLength), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/** If-Range (§13.1.5): resume only if the file is still the one the client started; otherwise send it whole. */
export function rangeStillApplies(ifRange: string | null, etag: string): boolean {
  return ifRange === null || ifRange.trim() === etag;
}
