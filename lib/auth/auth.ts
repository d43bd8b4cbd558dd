import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import Resend from "next-auth/providers/resend";
import { appServices } from "@/lib/config/server";
import { accounts, sessions, users, verificationTokens } from "@/lib/db/schema";
import { postSignInRedirect } from "./post-sign-in-redirect";
import { SIGN_IN_LINK_MINUTES, sendSignInLink } from "./send-sign-in-link";
import { SESSION_MAX_AGE_SECONDS } from "./session-lifetime";

/**
 * Auth.js v5: magic links over Resend (or the dev mailbox), sessions stored in the database so
 * they can be listed and revoked and so any app process can serve any request. Every URL Auth.js
 * builds comes from REKEY_PUBLIC_URL (pinned as AUTH_URL in lib/config/server.ts, which is also why
 * no `trustHost` is needed): the Host and X-Forwarded-Host headers are never a source of one.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await appServices().db();
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    secret: appServices().authSecret(),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin/error" },
    providers: [
      Resend({
        from: appServices().env.EMAIL_FROM,
        maxAge: SIGN_IN_LINK_MINUTES * 60,
        async sendVerificationRequest({ identifier, url, token, expires }) {
          await sendSignInLink(db, appServices().mailer, {
            email: identifier,
            url,
            token,
            expires,
            now: new Date(),
            signInPageUrl: appServices().publicUrl("/signin"),
          });
        },
      }),
    ],
    callbacks: {
      redirect: ({ url }) => postSignInRedirect(url, appServices().portalUrl),
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
  };
});
