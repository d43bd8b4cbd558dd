"use server";

import { headers } from "next/headers";
import { publicAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import type { Actor } from "@/lib/context";
import { subscribeToStatus, unsubscribeFromStatus } from "@/lib/status";
import { statusSubscribeSchema, statusUnsubscribeSchema } from "@/lib/validations/lifecycle";

const STATUS_PAGE_ACTOR: Actor = { type: "system", label: "status-page" };
const portalUrl = () => appServices().publicUrl("/").replace(/\/$/, "");

export const subscribeToStatusAction = publicAction(statusSubscribeSchema, async (_ctx, { email }) => {
  await subscribeToStatus(
    { db: await appServices().db(), now: () => new Date(), actor: STATUS_PAGE_ACTOR },
    { email, address: appServices().clientIp(await headers()) },
    { mailer: appServices().mailer, portalUrl: portalUrl(), limiter: await appServices().statusSubscriptionLimiter() },
  );
  return { email };
});

export const unsubscribeFromStatusAction = publicAction(statusUnsubscribeSchema, async (_ctx, { s, token }) => {
  await unsubscribeFromStatus(
    { db: await appServices().db(), now: () => new Date(), actor: STATUS_PAGE_ACTOR },
    { subscriberId: s, token },
    { hasher: appServices().keySecrets().hasher },
  );
  return { unsubscribed: true };
});
