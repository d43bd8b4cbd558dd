export { type ArtifactStore, createDiskArtifactStore } from "./artifact-store";
export { createS3ArtifactStore, type S3ArtifactStoreConfig } from "./s3-artifact-store";
export { parseByteRange, type ByteRange } from "./byte-range";
export { DownloadLinkExpired, readDownloadLink, signDownloadLink } from "./download-link";
export { createRelease } from "./create-release";
export { publishRelease, yankRelease } from "./change-release-state";
export { findRelease, type ReleaseDetail } from "./find-release";
export { listReleases } from "./list-releases";
export { uploadArtifact, type ArtifactDeps } from "./upload-artifact";
export { ARTIFACT_DIGEST_TYPE } from "./sign-artifact-digest";
export {
  artifactFor,
  listEntitledReleases,
  loadLicenseForReleases,
  type ArtifactSummary,
  type EntitledRelease,
} from "./license-releases";
export {
  findArtifactSignature,
  issueDownloadLink,
  openArtifactDownload,
  type ArtifactDownload,
} from "./open-artifact-download";
export { findUpgrade, UpgradeRefused } from "./find-upgrade";
export { renderReleaseNotes } from "./render-release-notes";
export { entitlesRelease } from "./release-entitlement";
export { DOWNLOAD_LINK_TTL_SECONDS } from "./release-policy";
export { isOffered, releaseMachine, type ReleaseAction, type ReleaseState } from "./release-transitions";
export { listLicenseDownloads, platformOfUserAgent } from "./list-license-downloads";
export { listReleaseChoices } from "./list-release-choices";
export { hasReleaseNotices, setReleaseNotices } from "./set-release-notices";
