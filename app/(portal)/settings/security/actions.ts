"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import {
  addOrgDomain,
  connectOidcProvider,
  connectSamlProvider,
  rotateScimToken,
  setSsoRequirement,
  verifyOrgDomain,
} from "@/lib/identity";
import { setKeyActionDelegation, setSecondFactorPolicy } from "@/lib/orgs";
import {
  addOrgDomainSchema,
  connectOidcProviderSchema,
  connectSamlProviderSchema,
  ssoRequirementSchema,
  verifyOrgDomainSchema,
} from "@/lib/validations/identity";
import { keyActionDelegationSchema, secondFactorPolicySchema } from "@/lib/validations/mfa";
import { z } from "zod";

export const saveSecondFactorPolicyAction = orgAction(secondFactorPolicySchema, async (ctx, { requireForKeys }) => {
  await setSecondFactorPolicy(ctx, { requireForKeys });
  revalidatePath("/settings/security");
  return { requireForKeys };
});

export const saveKeyActionDelegationAction = orgAction(
  keyActionDelegationSchema,
  async (ctx, { membersMayManageKeys }) => {
    await setKeyActionDelegation(ctx, { membersMayManageKeys });
    revalidatePath("/settings/security");
    return { membersMayManageKeys };
  },
);

export const addOrgDomainAction = orgAction(addOrgDomainSchema, async (ctx, input) => {
  const challenge = await addOrgDomain(ctx, input);
  revalidatePath("/settings/security");
  return challenge;
});

export const verifyOrgDomainAction = orgAction(verifyOrgDomainSchema, async (ctx, input) => {
  const verified = await verifyOrgDomain(ctx, input, appServices().resolveTxt);
  revalidatePath("/settings/security");
  return verified;
});

export const connectOidcProviderAction = orgAction(connectOidcProviderSchema, async (ctx, input) => {
  const connected = await connectOidcProvider(ctx, input, {
    outgoingHttp: appServices().outgoingHttp,
    ring: appServices().keySecrets().ring,
  });
  revalidatePath("/settings/security");
  return connected;
});

/** The metadata URL, if given, is fetched through the SSRF guard like an OIDC issuer. */
export const connectSamlProviderAction = orgAction(connectSamlProviderSchema, async (ctx, input) => {
  const connected = await connectSamlProvider(ctx, input, { outgoingHttp: appServices().outgoingHttp });
  revalidatePath("/settings/security");
  return connected;
});

export const saveSsoRequirementAction = orgAction(ssoRequirementSchema, async (ctx, input) => {
  const saved = await setSsoRequirement(ctx, input);
  revalidatePath("/settings/security");
  return saved;
});

/** The value crosses to the browser once, here; the database keeps only its digest. */
export const rotateScimTokenAction = orgAction(z.object({}), async (ctx) => {
  const { value, prefix } = await rotateScimToken(ctx, { hasher: appServices().keySecrets().hasher });
  revalidatePath("/settings/security");
  return { value: value.reveal(), prefix };
});
