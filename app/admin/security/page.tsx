import type { Metadata } from "next";
import { StaffPasskeyPolicyForm } from "@/components/admin/staff-passkey-policy-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession, requireStaffContext } from "@/lib/auth/session";
import { relativeCallbackSchema } from "@/lib/validations/auth";
import { OwnSecondFactorCards } from "@/app/(auth)/signin/mfa/own-second-factor-cards";
import { setStaffPasskeyRequirementAction } from "./actions";

export const metadata: Metadata = { title: "Your security" };

export default async function StaffSecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const session = await requireSession();
  const params = await searchParams;
  const continueHref =
    typeof params.callbackUrl === "string" ? relativeCallbackSchema.parse(params.callbackUrl) : undefined;
  return (
    <>
      <PageHeader
        title="Your security"
        description="Staff need a second factor (an authenticator app or a passkey): every change you make as staff asks for it once per sign-in."
      />
      <div className="space-y-6">
        <OwnSecondFactorCards db={ctx.db} session={session} continueHref={continueHref} />
        {ctx.actor.role === "admin" ? (
          <Card aria-labelledby="staff-passkey-policy">
            <CardHeader
              id="staff-passkey-policy"
              title="Staff passkey policy"
              description="Require a passkey of a staff member: their authenticator app and recovery codes then no longer pass."
            />
            <div className="px-5 py-4">
              <StaffPasskeyPolicyForm action={setStaffPasskeyRequirementAction} />
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}
