/**
 * Replaces a file's content only if it is still the file that was read, holding the same bytes,
 * and atomically: the new bytes go to a temporary file in the same folder (same file system) with
 * the original's mode, which is then renamed over the original. A reader sees the old file or the
 * new one, never half.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fchownSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The file is not what was read: someone else changed it, so it is left alone. */
export class FileChangedError extends Error {}

export interface ReplaceOptions {
  /** Runs after the new content is staged and before the last check (tests use it to race the write). */
  beforeCheck?: () => Promise<void>;
}

export async function replaceFileIfUnchanged(path: string, expected: Uint8Array, next: Uint8Array, options: ReplaceOptions = {}): Promise<void> {
  const st = statSync(path);
  if (!st.isFile()) throw new FileChangedError(`${path} is no longer a regular file`);
  const tmp = join(dirname(path), `.${basename(path)}.looplens-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o600);
  try {
    try {
      for (let at = 0; at < next.length; ) at += writeSync(fd, next, at, next.length - at);
      fchmodSync(fd, st.mode & 0o7777);
      try {
        if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) fchownSync(fd, st.uid, st.gid);
      } catch {
        // Only the owner's group or root may keep another owner; the content is what matters.
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await options.beforeCheck?.();
    // Another file put in its place (a link out of the folder, say) is a change, even with the same bytes.
    const then = lstatSync(path);
    if (!then.isFile() || then.ino !== st.ino || then.dev !== st.dev) throw new FileChangedError(`${path} was replaced since it was read`);
    const now = readFileSync(path);
    if (!Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength).equals(now)) {
      throw new FileChangedError(`${path} changed since it was read`);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Creates a file that must not exist yet, atomically: the bytes are staged in a temporary file in
 * the same folder, which is then hard-linked to its name — the link fails (EEXIST) rather than
 * replace a file that appeared meanwhile. Where the file system has no hard links, an exclusive
 * create (`wx`) writes it directly.
 */
export function createFileExclusive(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.looplens-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o666);
  try {
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw e;
      writeFileSync(path, bytes, { flag: "wx" });
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}
