import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { findInvitation } from "@/lib/orgs";
import { invitationTokenSchema } from "@/lib/validations/catalog";
import { requestSignInLink } from "../../signin/actions";

export const metadata: Metadata = { title: "Your invitation" };

/**
 * Where an invitation email lands: names the organisation and who invited, with the invited
 * address filled in, then the usual magic link. The token only introduces; signing in still needs
 * the mailbox. An unknown, expired or withdrawn link is a plain 404 that names nothing.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = invitationTokenSchema.safeParse((await params).token);
  if (!parsed.success) notFound();
  const db = await appServices().db();
  const invitation = await findInvitation(db, parsed.data, new Date());
  if (!invitation) notFound();
  if (await getSessionUser()) redirect("/");
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Join {invitation.orgName} on Rekey</h1>
      <p className="mb-5 mt-1 text-sm text-slate-600">
        {invitation.inviterEmail ? `${invitation.inviterEmail} invited you` : "You were invited"} to{" "}
        {invitation.orgName}. Rekey is where you see your licenses and keys, choose when keys rotate, and manage the
        devices that use them. We&apos;ll email you a link that signs you in; no password needed.
      </p>
      <SignInForm action={requestSignInLink} callbackUrl="/" defaultEmail={invitation.email} />
    </Card>
  );
}
