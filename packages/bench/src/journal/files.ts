/**
 * Files that must never be seen half-written: written under a temporary name in the same
 * directory, flushed, then renamed over the target (a rename within one directory is atomic on
 * POSIX file systems and on NTFS). A reader sees the old file or the new one, never a mix, and a
 * crash leaves at most a stray `.rclab-tmp-*` file (ignored by git) behind.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Writes `data` to `path` atomically (temp file + fsync + rename), creating the directory. */
export function writeFileAtomic(path: string, data: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.rclab-tmp-${basename(path)}-${process.pid}-${Date.now()}-${counter++}`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes `value` as pretty JSON (two-space indent, trailing newline) atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
