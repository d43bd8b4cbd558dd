"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { addFeature, createEdition, createProduct, setEditionSeatTokens } from "@/lib/catalog";
import {
  addFeatureSchema,
  createEditionSchema,
  createProductSchema,
  setEditionSeatTokensSchema,
} from "@/lib/validations/catalog";

/** The catalogue is admin-only (issue 15): support issues licenses from it but does not shape it. */
const admin = { role: "admin" } as const;

export const createProductAction = staffAction(
  createProductSchema,
  async (ctx, input) => {
    const product = await createProduct(ctx, input);
    revalidatePath("/admin/catalog");
    return { id: product.id, name: product.name };
  },
  admin,
);

export const addFeatureAction = staffAction(
  addFeatureSchema,
  async (ctx, input) => {
    const feature = await addFeature(ctx, input);
    revalidatePath(`/admin/catalog/${input.productId}`);
    return { code: feature.code };
  },
  admin,
);

export const createEditionAction = staffAction(
  createEditionSchema,
  async (ctx, input) => {
    const edition = await createEdition(ctx, input, { ring: appServices().keySecrets().ring });
    revalidatePath(`/admin/catalog/${input.productId}`);
    return { name: edition.name };
  },
  admin,
);

export const setEditionSeatTokensAction = staffAction(
  setEditionSeatTokensSchema,
  async (ctx, input) => {
    const { edition, holdersWithoutToken } = await setEditionSeatTokens(ctx, input);
    revalidatePath(`/admin/catalog/${edition.productId}`);
    return { requireSeatToken: edition.requireSeatToken, holdersWithoutToken };
  },
  admin,
);
