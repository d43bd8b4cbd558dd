"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { ToastProvider } from "@/components/ui/toast";

/**
 * The client state of the portal and the admin view, once per browser tab (issue 16 item 11): one QueryClient for live
 * server state (device list and heartbeats, rotation progress, adoption), and the toast that says
 * what a reversible action did. Made in state, not at module level, so no two visitors' server
 * renders ever share a cache.
 */
export function PortalClientState({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}
