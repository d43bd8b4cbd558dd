import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Links work once and only for a short time.",
  AccessDenied: "This account does not have access to Rekey.",
  Sso: "Single sign-on did not complete: the attempt expired, was already used, or your identity provider's answer was not accepted. Start again.",
  Configuration: "Sign-in is not configured correctly on this server. Please contact support.",
};

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">We couldn&apos;t sign you in</h1>
      <p className="mt-2 text-sm text-slate-600">
        {MESSAGES[error ?? ""] ?? "Something went wrong while signing you in."}
      </p>
      <Link className="mt-4 inline-block text-sm font-medium text-brand-700 underline" href="/signin">
        Request a new link
      </Link>
    </Card>
  );
}
