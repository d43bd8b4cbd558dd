import { Link } from "@/components/ui/link";
import type { SecondFactorState } from "@/lib/mfa";

/** Staff may look around after the email link; this says why their changes will be refused and how to fix it. */
export function SecondFactorBanner({ secondFactor }: { secondFactor: SecondFactorState }) {
  if (secondFactor.isVerified) return null;
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-900">
        {secondFactor.isEnrolled ? (
          <>
            Read-only until you verify: staff changes need a code from your authenticator app.{" "}
            <Link className="font-semibold underline" href="/signin/mfa?callbackUrl=%2Fadmin">
              Enter a code
            </Link>
          </>
        ) : (
          <>
            Read-only until you set up two-step verification: staff changes need an authenticator app.{" "}
            <Link className="font-semibold underline" href="/admin/security">
              Set it up
            </Link>
          </>
        )}
      </p>
    </div>
  );
}
