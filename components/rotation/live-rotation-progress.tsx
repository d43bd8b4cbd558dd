"use client";

import { useLiveServerState } from "@/components/ui/use-live-server-state";
import type { FormAction } from "@/lib/auth/action";
import type { RotationProgress } from "@/lib/rotation";
import { KeyAdoptionCard } from "./key-adoption-card";

/** How often an open license page asks how its rotation is doing. */
const ROTATION_POLL_MS = 15_000;

const stateOf = ({ openRotation }: RotationProgress) =>
  openRotation ? `${openRotation.id}:${openRotation.state}` : "none";

/**
 * Keeps the license page live while a rotation progresses (issue 16, item 11): react-query polls
 * the rotation's state and who has adopted the new key; the adoption card updates in place, and
 * when the worker moves the rotation (issued, overlapping, completed) the server-rendered rotation
 * card is refreshed, so nobody has to reload to see that the new key is ready or the old one stopped.
 */
export function LiveRotationProgress({
  licenseId,
  initial,
  now,
  load,
}: {
  licenseId: string;
  initial: RotationProgress;
  now: Date;
  load: FormAction<RotationProgress>;
}) {
  const { adoption } = useLiveServerState({
    queryKey: ["rotation-progress", licenseId],
    load,
    input: { licenseId },
    initial,
    renderedFor: stateOf,
    pollMs: ROTATION_POLL_MS,
  });
  return adoption ? <KeyAdoptionCard adoption={adoption} now={now} /> : null;
}
