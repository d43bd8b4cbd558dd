"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/auth/action";
import { signIn } from "@/lib/auth/auth";
import { appServices } from "@/lib/config/server";
import { signInSchema } from "@/lib/validations/auth";

export const requestSignInLink = publicAction(signInSchema, async (_ctx, { email, callbackUrl }) => {
  await appServices().consumeSignInAttempt({ email, ip: appServices().clientIp(await headers()) });
  // Every sign-in passes the second-factor step; it waves through people who have none to give.
  await signIn("resend", {
    email,
    redirectTo: `/signin/mfa?callbackUrl=${encodeURIComponent(callbackUrl)}`,
    redirect: false,
  });
  redirect(`/signin/check-email?email=${encodeURIComponent(email)}`);
});
