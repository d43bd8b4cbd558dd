/** The release and download rules' numbers (issue 19), in one place. */

/** A download link works this long: enough to start a download and resume a cut one, too short to pass around. */
export const DOWNLOAD_LINK_TTL_SECONDS = 15 * 60;

/** The largest artifact an upload may store; a longer stream is cut off and nothing is kept. */
export const MAX_ARTIFACT_BYTES = 4 * 1024 ** 3;

/** S3 multipart part size: the most an upload to object storage holds in memory at once (S3's minimum part is 5 MiB). */
export const S3_PART_BYTES = 8 * 1024 ** 2;
