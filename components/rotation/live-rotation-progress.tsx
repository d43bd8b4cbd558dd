"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formOf, settled } from "@/components/ui/action-result";
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
  const router = useRouter();
  const { data = initial } = useQuery({
    queryKey: ["rotation-progress", licenseId],
    queryFn: () => settled(load(null, formOf({ licenseId }))),
    initialData: initial,
    refetchInterval: ROTATION_POLL_MS,
  });
  const shownState = stateOf(initial);
  const currentState = stateOf(data);
  useEffect(() => {
    if (currentState !== shownState) router.refresh();
  }, [currentState, shownState, router]);
  return data.adoption ? <KeyAdoptionCard adoption={data.adoption} now={now} /> : null;
}
