"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formOf, settled } from "@/components/ui/action-result";
import type { FormAction } from "@/lib/auth/action";

/**
 * Server state a page keeps live (issue 16, item 11): react-query polls `load` with `input` every
 * `pollMs` (or as long as it answers a number for the latest state) and the caller renders the
 * answer in place. The server-rendered rest of the page decided its alerts and actions from
 * `renderedFor(initial)`; when that key changes (a rotation or run moved to another state), the
 * page is refreshed so they follow.
 */
export function useLiveServerState<T>({
  queryKey,
  load,
  input,
  initial,
  renderedFor,
  pollMs,
}: {
  queryKey: readonly unknown[];
  load: FormAction<T>;
  input: Record<string, string>;
  initial: T;
  renderedFor: (state: T) => string;
  pollMs: number | ((state: T) => number | false);
}): T {
  const router = useRouter();
  const { data = initial } = useQuery({
    queryKey,
    queryFn: () => settled(load(null, formOf(input))),
    initialData: initial,
    refetchInterval: (query) => (typeof pollMs === "number" ? pollMs : pollMs(query.state.data ?? initial)),
  });
  const shown = renderedFor(initial);
  const current = renderedFor(data);
  useEffect(() => {
    if (current !== shown) router.refresh();
  }, [current, shown, router]);
  return data;
}
