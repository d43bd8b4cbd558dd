export { createApiToken } from "./create-api-token";
export { rollApiToken } from "./roll-api-token";
export { revokeApiToken } from "./revoke-api-token";
export { listApiTokens, type ApiTokenSummary } from "./list-api-tokens";
export { authenticateApiToken, hasApiScope, recordApiTokenUse, requireApiScope, type AuthenticatedToken } from "./authenticate-api-token";
export { ApiTokenValue, API_TOKEN_PREFIX } from "./api-token-value";
export { tokenStanding, type ApiTokenStanding } from "./token-standing";
