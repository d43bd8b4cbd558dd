"use server";

import { headers } from "next/headers";
import { publicAction } from "@/lib/auth/action";
import { clientIp, getDb, getKeySecrets, getStatusSubscriptionLimiter, mailer, publicUrl } from "@/lib/config/server";
import type { Actor } from "@/lib/context";
import { subscribeToStatus, unsubscribeFromStatus } from "@/lib/status";
import { statusSubscribeSchema, statusUnsubscribeSchema } from "@/lib/validations/lifecycle";

const STATUS_PAGE_ACTOR: Actor = { type: "system", label: "status-page" };
const portalUrl = () => publicUrl("/").replace(/\/$/, "");

export const subscribeToStatusAction = publicAction(statusSubscribeSchema, async (_ctx, { email }) => {
  await subscribeToStatus(
    { db: await getDb(), now: () => new Date(), actor: STATUS_PAGE_ACTOR },
    { email, address: clientIp(await headers()) },
    { mailer, portalUrl: portalUrl(), limiter: await getStatusSubscriptionLimiter() },
  );
  return { email };
});

export const unsubscribeFromStatusAction = publicAction(statusUnsubscribeSchema, async (_ctx, { s, token }) => {
  await unsubscribeFromStatus({ db: await getDb(), now: () => new Date(), actor: STATUS_PAGE_ACTOR }, { subscriberId: s, token }, { hasher: getKeySecrets().hasher });
  return { unsubscribed: true };
});
