"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function PortalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">This page couldn&apos;t load</h1>
      <p className="mt-2 text-sm text-slate-600">
        Something went wrong on our side. Nothing you did was lost or changed.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}
