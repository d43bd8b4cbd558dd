import { randomBytes } from "node:crypto";
import { chmod, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a key or license file so that a reader never sees half of it and nobody else can read it:
 * a temporary file beside the target, created with mode 0600, flushed, then renamed over the
 * target (rename is atomic within a directory, POSIX rename(2)).
 */
export async function writeFileAtomically(target: string, contents: string): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(contents, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The mode given to open() is masked by the umask; a key file must end up 0600 whatever it is.
    await chmod(temporary, 0o600);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
