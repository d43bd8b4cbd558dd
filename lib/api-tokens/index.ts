export { createApiToken } from "./create-api-token";
export { rollApiToken } from "./roll-api-token";
export { revokeApiToken } from "./revoke-api-token";
export { listApiTokens } from "./list-api-tokens";
export { authenticateApiToken, recordApiTokenUse, requireApiScope } from "./authenticate-api-token";
export type { ApiTokenStanding } from "./token-standing";
