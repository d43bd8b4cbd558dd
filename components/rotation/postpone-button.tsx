"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useViewerTimeZone } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import type { FormAction } from "@/lib/auth/action";
import { formatMoment } from "@/lib/time/format";

type Moved = { scheduledFor: string };

/**
 * Postponing is reversible, so it acts at once and the toast says where the rotation went, in the
 * viewer's zone, with Undo (issue 16 item 4); the date itself comes from the server's answer.
 */
export function PostponeButton({
  licenseId,
  postpone,
  undo,
}: {
  licenseId: string;
  postpone: FormAction<Moved>;
  undo: FormAction<Moved>;
}) {
  const toast = useToast();
  const timeZone = useViewerTimeZone();
  const [isPending, startTransition] = useTransition();
  const form = () => {
    const data = new FormData();
    data.set("licenseId", licenseId);
    return data;
  };
  const postponeNow = () =>
    startTransition(async () => {
      const result = await postpone(null, form());
      if (!result.ok) return toast({ message: result.message, tone: "error" });
      toast({
        message: `Rotation moved to ${formatMoment(new Date(result.data.scheduledFor), timeZone)}.`,
        undo: async () => {
          const undone = await undo(null, form());
          return undone.ok
            ? { ok: true, message: `Rotation back on ${formatMoment(new Date(undone.data.scheduledFor), timeZone)}.` }
            : undone;
        },
      });
    });
  return (
    <Button type="button" variant="secondary" disabled={isPending} onClick={postponeNow}>
      {isPending ? "Postponing…" : "Postpone to the next window"}
    </Button>
  );
}
