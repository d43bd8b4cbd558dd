import type { Metadata } from "next";
import { InviteMemberForm } from "@/components/members/invite-member-form";
import { RemoveMemberButton } from "@/components/members/remove-member-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireOrgContext } from "@/lib/auth/session";
import { listMembers } from "@/lib/orgs";
import { inviteMemberAction, removeMemberAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const ctx = await requireOrgContext();
  const members = await listMembers(ctx);
  const isOwner = ctx.memberRole === "owner";
  const now = ctx.now();
  return (
    <>
      <PageHeader title="Members" description="People who can see and manage this organization's licenses." />
      <div className="space-y-6">
        {isOwner ? (
          <Card aria-labelledby="invite">
            <CardHeader
              id="invite"
              title="Invite a member"
              description="They get an email and sign in with a link sent to that address."
            />
            <InviteMemberForm action={inviteMemberAction} />
          </Card>
        ) : null}
        <Card aria-labelledby="members">
          <CardHeader
            id="members"
            title={`${members.length} ${members.length === 1 ? "member" : "members"}`}
            description={isOwner ? undefined : "Only owners can invite or remove members."}
          />
          <ul className="divide-y divide-slate-100">
            {members.map((member) => (
              <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                <div>
                  <p className="text-sm font-medium text-slate-900">
                    {member.email}{" "}
                    {member.userId === ctx.actor.userId ? <span className="text-slate-500">(you)</span> : null}
                  </p>
                  <p className="text-xs text-slate-500">
                    {member.lastSignInAt ? (
                      <>
                        Last signed in <Time date={new Date(member.lastSignInAt)} now={now} mode="relative" />
                      </>
                    ) : (
                      "Invited, has not signed in yet"
                    )}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <Badge tone={member.role === "owner" ? "blue" : "slate"}>{member.role}</Badge>
                  {isOwner && member.userId !== ctx.actor.userId ? (
                    <RemoveMemberButton userId={member.userId} email={member.email} action={removeMemberAction} />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
