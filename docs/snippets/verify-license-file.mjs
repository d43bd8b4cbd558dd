// Check a license key online, then a license file offline, with the Rekey SDK (`npm install @rekey/sdk`).
// Needs REKEY_URL, REKEY_LICENSE_KEY and REKEY_LICENSE_FILE (path to the downloaded .lic file).
import { readFile } from "node:fs/promises";
import { createJwksCache, jwksUrl, validateOnline, verifyLicenseFile } from "@rekey/sdk";

const baseUrl = process.env.REKEY_URL;
const product = process.env.REKEY_PRODUCT ?? "studio";
// One cache for every check: it fetches the portal's public keys once and refetches on a new `kid`.
const jwks = createJwksCache({ url: jwksUrl(baseUrl) });

const online = await validateOnline({ baseUrl, key: process.env.REKEY_LICENSE_KEY, product, jwks });
if (!online.ok) throw new Error(`No trustworthy answer (${online.reason}): fall back to the license file.`);
console.log(`online: ${online.code} ${online.detail}`);

const file = await readFile(process.env.REKEY_LICENSE_FILE, "utf8");
const offline = await verifyLicenseFile(file, jwks, { product });
console.log(`offline: ${offline.code} ${offline.detail}`);
if (!online.valid || !offline.valid) process.exit(1);
