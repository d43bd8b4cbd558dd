import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";

export default function InvitationNotFound() {
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">This invitation link does not work</h1>
      <p className="mt-1 text-sm text-slate-600">
        It may have expired (invitations last 14 days), been copied incompletely, or the invitation was withdrawn. If
        you already have access, sign in with your email address; otherwise ask whoever invited you for a new
        invitation.
      </p>
      <p className="mt-4 text-sm">
        <Link className="font-medium text-brand-700 underline" href="/signin">
          Go to sign-in
        </Link>
      </p>
    </Card>
  );
}
