"use client";

import { useEffect, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { ExactTime } from "@/components/ui/time";

export interface RotatedKey {
  /** The new key, when the key-material gate let this person see it; otherwise why not. */
  newKey: string | null;
  keyRefusal: string | null;
  oldKeyValidUntil: string | null;
}

function remainingLabel(milliseconds: number): string {
  if (milliseconds <= 0) return "The old key has stopped working.";
  const minutes = Math.floor(milliseconds / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = days > 0 ? [`${days} d`, `${hours} h`] : [`${hours} h`, `${minutes % 60} min`];
  return `The old key keeps working for another ${parts.join(" ")}.`;
}

/**
 * Right after "Rotate now" (issue 16 item 8, as Stripe's roll does): the new key once, with copy,
 * the license file, and how long the old key still works. It is not stored in the page: a reload
 * shows it masked, and Reveal (audited, behind the same gate) is the way back to it.
 */
export function NewKeyOnce({
  licenseId,
  rotated,
  onDone,
}: {
  licenseId: string;
  rotated: RotatedKey;
  onDone: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const [isCopied, setIsCopied] = useState(false);
  const overlapEndsAt = rotated.oldKeyValidUntil ? new Date(rotated.oldKeyValidUntil) : null;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section
      aria-label="Your new key"
      className="space-y-3 border-b border-slate-200 bg-emerald-50 px-5 py-4 text-sm text-emerald-950"
    >
      <p className="font-semibold">Rotated. Your new key works now.</p>
      {rotated.newKey ? (
        <div className="flex flex-wrap items-center gap-2">
          <code aria-label="New license key" className="rounded bg-white px-2 py-1 font-mono ring-1 ring-emerald-200">
            {rotated.newKey}
          </code>
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(rotated.newKey ?? "");
              setIsCopied(true);
            }}
          >
            {isCopied ? "Copied" : "Copy key"}
          </Button>
          <a className={buttonClass("secondary")} href={`/licenses/${licenseId}/license-file`} download>
            Download license file
          </a>
        </div>
      ) : (
        <p>{rotated.keyRefusal} Then reveal the new key under License key.</p>
      )}
      <p>
        This is the only time the key is shown here; later, reveal it under License key.{" "}
        {overlapEndsAt ? (
          <>
            {remainingLabel(overlapEndsAt.getTime() - now)} (until <ExactTime date={overlapEndsAt} />)
          </>
        ) : (
          "The old key has stopped working."
        )}
      </p>
      <Button type="button" variant="ghost" onClick={onDone}>
        I have saved the new key
      </Button>
    </section>
  );
}
