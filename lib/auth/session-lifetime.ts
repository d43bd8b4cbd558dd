/**
 * How long a sign-in lasts, whichever way it happened (magic link, SSO): plain data, so lib/identity
 * can create a session Auth.js then reads like its own without loading Auth.js.
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
