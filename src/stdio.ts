/**
 * The command's output, written to file descriptors 1 and 2 directly. Node's process.stdout and
 * process.stderr are streams whose machinery (and, on a terminal, tty and net) is loaded the first
 * time either is touched, a noticeable part of a cold start for a command that writes its report
 * once, whole.
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';

export const writeOut = (text: string): void => writeAll(1, text);
export const writeErr = (text: string): void => writeAll(2, text);

function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A pipe left non-blocking by whoever made it, and full: the reader drains it.
      if (code === 'EAGAIN') continue;
      // A reader that stops early (`dd-lint schema | head`) closed the pipe: no error of ours, and
      // never a stack trace; the command still ends with its own exit code.
      if (code === 'EPIPE') return;
      throw err;
    }
  }
}

/** Whether stdout is a terminal (tty is loaded only when asked). */
export function stdoutIsTerminal(): boolean {
  const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return isatty(1);
}
