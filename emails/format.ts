/** Duration wording shared by the templates; times go through lib/time/format.ts, which names their zone. */

export function describeOverlap(minutes: number): string {
  if (minutes === 0) return "immediately";
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"} later`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"} later`;
  return `${minutes} minutes later`;
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
