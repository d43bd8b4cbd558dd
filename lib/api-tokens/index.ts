export { assertExpiryAhead, createApiToken, mintApiToken } from "./create-api-token";
export { isRollable, NOT_ROLLABLE, rollApiToken } from "./roll-api-token";
export { revokeApiToken } from "./revoke-api-token";
export { listApiTokens } from "./list-api-tokens";
export { authenticateApiToken, recordApiTokenUse, requireApiScope } from "./authenticate-api-token";
export type { ApiTokenStanding } from "./token-standing";
export { createCustomerApiToken } from "./create-customer-api-token";
export { listCustomerApiTokens, type CustomerApiTokenSummary } from "./list-customer-api-tokens";
export { revokeCustomerApiToken } from "./revoke-customer-api-token";
export {
  authenticateCustomerApiToken,
  requireCustomerScope,
  type CustomerApiCaller,
} from "./authenticate-customer-api-token";
export { generateApiTokenValue, apiTokenDigest } from "./api-token-value";
export { revokeMemberApiTokens } from "./revoke-member-api-tokens";
