import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { appServices } from "@/lib/config/server";
import { SIGN_IN_LINK_MINUTES } from "@/lib/auth/send-sign-in-link";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Check your email</h1>
      <p className="mt-2 text-sm text-slate-600">
        If {email ? <strong className="text-slate-900">{email}</strong> : "that address"} has access to Rekey, a sign-in
        link is on its way. It works once and expires in {SIGN_IN_LINK_MINUTES} minutes.
      </p>
      <p className="mt-4 text-sm text-slate-600">
        Nothing arrived? Check your spam folder, or{" "}
        <Link className="font-medium text-brand-700 underline" href="/signin">
          try again
        </Link>
        .
      </p>
      {appServices().isDevMailboxEnabled ? (
        <p className="mt-4 text-sm">
          <Link
            className="font-medium text-brand-700 underline"
            href={email ? `/dev/mailbox?to=${encodeURIComponent(email)}` : "/dev/mailbox"}
          >
            Open the dev mailbox
          </Link>
        </p>
      ) : null}
    </Card>
  );
}
