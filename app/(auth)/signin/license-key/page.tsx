import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { LicenseKeyRequestForm, SignInCodeForm } from "@/components/auth/license-key-sign-in-forms";
import { Card } from "@/components/ui/card";
import { SIGN_IN_CODE_MINUTES } from "@/lib/key-sign-in";
import { emailSchema } from "@/lib/validations/members";
import { completeLicenseKeySignInAction, requestLicenseKeySignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in with a license key" };

/**
 * Sign-in by license key (issue 20): the key and an address, then the emailed code. The second
 * step reads the same whether or not the key matched anything.
 */
export default async function LicenseKeySignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const email = params.step === "code" ? emailSchema.safeParse(params.email) : null;
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Sign in with a license key</h1>
      {email?.success ? (
        <>
          <p className="mb-5 mt-1 text-sm text-slate-600">
            If that key belongs to a single-user license this address holds or manages, we emailed a code to{" "}
            <strong>{email.data}</strong>. It works once, for {SIGN_IN_CODE_MINUTES} minutes.
          </p>
          <SignInCodeForm action={completeLicenseKeySignInAction} email={email.data} />
        </>
      ) : (
        <>
          <p className="mb-5 mt-1 text-sm text-slate-600">
            For a single-user license: enter its key and your email address, and we&apos;ll email you a code that opens
            that license.
          </p>
          <LicenseKeyRequestForm action={requestLicenseKeySignInAction} />
        </>
      )}
      <p className="mt-5 border-t border-slate-200 pt-4 text-sm text-slate-600">
        <Link className="font-medium text-brand-700 underline" href="/signin">
          Sign in with an email link instead
        </Link>
      </p>
    </Card>
  );
}
