import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignInForm } from "@/components/auth/sso-sign-in-form";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { relativeCallbackSchema } from "@/lib/validations/auth";
import { requestSignInLink, startSsoSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = relativeCallbackSchema.parse(
    typeof params.callbackUrl === "string" ? params.callbackUrl : undefined,
  );
  const isReauth = params.reauth === "1";
  const user = await getSessionUser();
  if (user && !isReauth) redirect(callbackUrl);
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">{isReauth ? "Confirm it's you" : "Sign in to your portal"}</h1>
      <p className="mb-5 mt-1 text-sm text-slate-600">
        {isReauth
          ? "Seeing license keys needs a recent sign-in. We'll email you a fresh link; it brings you back where you were."
          : "We'll email you a link that signs you in. No password needed."}
      </p>
      <SignInForm
        action={requestSignInLink}
        callbackUrl={callbackUrl}
        defaultEmail={isReauth ? user?.email : undefined}
      />
      {/* Also when confirming it's you: where SSO is required, the provider is the only way to sign in again. */}
      <section aria-labelledby="sso-heading" className="mt-6 border-t border-slate-200 pt-5">
        <h2 id="sso-heading" className="mb-3 text-sm font-medium text-slate-800">
          Your organization uses its own sign-in?
        </h2>
        <SsoSignInForm action={startSsoSignInAction} callbackUrl={callbackUrl} />
      </section>
      <p className="mt-5 border-t border-slate-200 pt-4 text-sm text-slate-600">
        Have a single-user license?{" "}
        <Link className="font-medium text-brand-700 underline" href="/signin/license-key">
          Sign in with a license key
        </Link>
      </p>
      {appServices().isDevMailboxEnabled ? (
        <p className="mt-5 border-t border-slate-200 pt-4 text-xs text-slate-500">
          Development: emails are not sent; read them in the{" "}
          <a className="font-medium text-brand-700 underline" href="/dev/mailbox">
            dev mailbox
          </a>
          . Demo customer: alice@acme.example; staff: support@rekey.example.
        </p>
      ) : null}
    </Card>
  );
}
