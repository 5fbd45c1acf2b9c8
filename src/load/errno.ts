/** A file system error as one short reason a user understands. */
import { lstatSync } from 'node:fs';

export function errnoReason(err: unknown, path?: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return path !== undefined && isSymlink(path) ? 'broken symbolic link (its target does not exist)' : 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links (a symbolic link loop?)';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory (a file in the middle of the path)';
    case 'ENAMETOOLONG':
      return 'file name too long';
    default:
      return (err as Error).message.split('\n')[0]!;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
