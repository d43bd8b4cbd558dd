"use client";

import { useViewerTimeZone } from "@/components/ui/time";
import type { SentencePart } from "@/lib/audit/event-sentences";
import { formatDateTime } from "@/lib/time/format";

/** An audit event's sentence (lib/audit/event-sentences.ts) with its times in the viewer's zone, labelled. */
export function AuditSentence({ parts }: { parts: readonly SentencePart[] }) {
  const timeZone = useViewerTimeZone();
  return (
    <>
      {parts.map((part, index) =>
        typeof part === "string" ? (
          part
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: a sentence's parts never move
          <time key={index} dateTime={part.toISOString()}>
            {formatDateTime(part, timeZone)}
          </time>
        ),
      )}
    </>
  );
}
