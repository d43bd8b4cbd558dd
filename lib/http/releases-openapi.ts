/**
 * The releases part of the OpenAPI 3.1 document (issue 19): the client's update check, the signed
 * download link, and the management API's streamed artifact upload (the rest of the release
 * operations come from the management operation table).
 */
import { z } from "zod";
import { RELEASE_ARCHES, RELEASE_PLATFORMS } from "@/lib/validations/releases";
import { MANAGEMENT_SECURITY_SCHEME } from "./management-openapi";

export const LICENSE_KEY_SECURITY_SCHEME = "licenseKey";

export const releasesSecuritySchemes = {
  [LICENSE_KEY_SECURITY_SCHEME]: {
    type: "http",
    scheme: "bearer",
    description: "The license key itself (`RK-…`), as `Authorization: Bearer <key>`; never in the query string.",
  },
} as const;

type ProblemRef = (description: string, headers?: Record<string, unknown>) => Record<string, unknown>;

const stringEnum = (values: readonly string[]) => ({ type: "string", enum: [...values] });

const artifactSchema = {
  type: "object",
  required: ["id", "platform", "arch", "fileName", "size", "sha256", "signature", "downloadUrl", "downloadExpiresAt"],
  properties: {
    id: { type: "string", format: "uuid" },
    platform: stringEnum(RELEASE_PLATFORMS),
    arch: stringEnum(RELEASE_ARCHES),
    fileName: { type: "string" },
    size: { type: "integer", minimum: 0 },
    sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
    signature: {
      type: "string",
      description:
        "A JWT signed with a key of /.well-known/jwks.json: `typ` rekey-artifact+jwt, `sub` the artifact id, `aud` the product code, `sha256` and `size` of the file. Verify it, then hash the bytes.",
    },
    downloadUrl: {
      type: "string",
      format: "uri",
      description: "A signed link, valid until downloadExpiresAt; supports Range.",
    },
    downloadExpiresAt: { type: "string", format: "date-time" },
  },
} as const;

export function releasesPaths(problem: ProblemRef, retryAfter: Record<string, unknown>) {
  return {
    "/api/v1/releases/upgrade": {
      get: {
        operationId: "checkForUpdate",
        summary: "The newest release this license key is entitled to, if newer than the running version",
        description:
          "204 when the running version is current. An expired license is offered only what was released before it expired; yanked releases are never offered.",
        security: [{ [LICENSE_KEY_SECURITY_SCHEME]: [] }],
        parameters: [
          { name: "product", in: "query", required: true, schema: { type: "string" } },
          {
            name: "version",
            in: "query",
            required: true,
            description: "Semantic version now running.",
            schema: { type: "string" },
          },
          { name: "platform", in: "query", required: true, schema: stringEnum(RELEASE_PLATFORMS) },
          { name: "arch", in: "query", required: false, schema: stringEnum(RELEASE_ARCHES) },
          { name: "channel", in: "query", required: false, schema: { type: "string", default: "stable" } },
        ],
        responses: {
          "200": {
            description: "A newer entitled release with its file for the platform.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["version", "channel", "releasedAt", "notes", "artifact"],
                  properties: {
                    version: { type: "string" },
                    channel: { type: "string" },
                    releasedAt: { type: "string", format: "date-time" },
                    notes: { type: "string", description: "Markdown." },
                    artifact: artifactSchema,
                  },
                },
              },
            },
          },
          "204": { description: "No newer entitled release for this platform and channel." },
          "400": problem("A query parameter is wrong; `errors` names each."),
          "401": problem("UNAUTHENTICATED: no license key, or one nobody issued."),
          "403": problem(
            "The key may not receive updates now: REVOKED, KEY_RETIRED, SUSPENDED, NOT_YET_VALID or PRODUCT_MISMATCH.",
          ),
          "429": problem("Too many requests from this address or for this key.", retryAfter),
        },
      },
    },
    "/api/v1/releases/download": {
      get: {
        operationId: "downloadArtifact",
        summary: "Download a release file through a signed link (resumable)",
        description:
          "The link's token is the credential; it expires after minutes and the license must still be entitled. Range (one range) and If-Range resume a cut download (RFC 9110 §14); the ETag is the file's SHA-256.",
        parameters: [
          { name: "token", in: "query", required: true, schema: { type: "string" } },
          { name: "Range", in: "header", required: false, schema: { type: "string", examples: ["bytes=1048576-"] } },
          { name: "If-Range", in: "header", required: false, schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description: "The whole file.",
            content: {
              "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
            },
          },
          "206": {
            description: "The requested range, with Content-Range.",
            content: {
              "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
            },
          },
          "400": problem("No token."),
          "404": problem(
            "NOT_FOUND: not a link this server made, or the license is not (or no longer) entitled to the file.",
          ),
          "410": problem("LINK_EXPIRED: ask the portal or the update check for a fresh link."),
          "416": problem("RANGE_NOT_SATISFIABLE: the range starts past the end; Content-Range says the size.", {
            "Content-Range": { schema: { type: "string" } },
          }),
        },
      },
    },
    "/api/v1/manage/releases/{releaseId}/artifacts": {
      put: {
        operationId: "uploadArtifact",
        summary: "Add a file to a draft release, streamed",
        description:
          "The body is the file. Its size and SHA-256 are recorded and the digest signed (`signature`). One file per platform and architecture.",
        security: [{ [MANAGEMENT_SECURITY_SCHEME]: [] }],
        parameters: [
          { name: "releaseId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "platform", in: "query", required: true, schema: stringEnum(RELEASE_PLATFORMS) },
          { name: "arch", in: "query", required: true, schema: stringEnum(RELEASE_ARCHES) },
          {
            name: "fileName",
            in: "query",
            required: true,
            schema: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$" },
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
          },
        },
        responses: {
          "201": {
            description: "The stored file.",
            content: {
              "application/json": {
                schema: z.toJSONSchema(
                  z.object({
                    id: z.uuid(),
                    platform: z.string(),
                    arch: z.string(),
                    fileName: z.string(),
                    sizeBytes: z.number(),
                    sha256: z.string(),
                    signature: z.string(),
                  }),
                  { target: "draft-2020-12" },
                ),
              },
            },
          },
          "400": problem("A query parameter is wrong, or the file is too large."),
          "401": problem("No valid API token."),
          "403": problem("The token lacks catalogue:write."),
          "404": problem("No such release."),
          "409": problem("The release is no longer a draft, or has a file for this platform and architecture."),
        },
      },
    },
  };
}
