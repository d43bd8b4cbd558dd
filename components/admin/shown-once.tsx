"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A new credential, once: it cannot be shown again, so it comes with a copy button and says so. */
export function ShownOnce({
  intro,
  value,
  valueLabel,
  note,
}: {
  intro: string;
  value: string;
  valueLabel: string;
  note?: string;
}) {
  const [isCopied, setCopied] = useState(false);
  return (
    <div className="space-y-2">
      <p>
        {intro} Copy it now: it is shown only this once. {note}
      </p>
      <div className="flex items-center gap-2">
        <code
          aria-label={valueLabel}
          className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-slate-300"
        >
          {value}
        </code>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard.writeText(value).then(() => setCopied(true));
          }}
        >
          {isCopied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
