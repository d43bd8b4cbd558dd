/**
 * PostgreSQL takes at most 65 535 parameters per statement, so a batch (a bulk rotation step
 * writes a row per license) is written a thousand rows at a time.
 */
export async function writeInChunks<Row>(rows: readonly Row[], write: (chunk: Row[]) => Promise<unknown>, { size = 1000 } = {}): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await write(rows.slice(start, start + size));
}
