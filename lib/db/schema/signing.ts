/** The schema's Signing tables (lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { editions, products } from "./catalogue";
import { signingAlgorithm, signingKeyState } from "./enums";

export const signingKeys = pgTable(
  "signing_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kid: text("kid").notNull().unique(),
    algorithm: signingAlgorithm("algorithm").notNull().default("EdDSA"),
    /** `global`, `product:<id>` or `product:<id>/edition:<id>`: editions can be isolated. */
    scope: text("scope").notNull(),
    productId: uuid("product_id").references(() => products.id, { onDelete: "cascade" }),
    editionId: uuid("edition_id").references(() => editions.id, { onDelete: "cascade" }),
    state: signingKeyState("state").notNull().default("pending"),
    publicJwk: jsonb("public_jwk").notNull(),
    privateCiphertext: text("private_ciphertext").notNull(),
    masterKeyVersion: integer("master_key_version").notNull(),
    activatedAt: tstz("activated_at"),
    retiringAt: tstz("retiring_at"),
    retiredAt: tstz("retired_at"),
    revokedAt: tstz("revoked_at"),
    /** An admin held this scope's scheduled rotation (set on its active key): the worker leaves the scope alone. */
    rotationHeldAt: tstz("rotation_held_at"),
    rotationHoldReason: text("rotation_hold_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("signing_keys_product_id_idx").on(t.productId),
    index("signing_keys_edition_id_idx").on(t.editionId),
    index("signing_keys_scope_state_idx").on(t.scope, t.state),
    uniqueIndex("signing_keys_one_active_uq").on(t.scope).where(sql`${t.state} = 'active'`),
  ],
);
