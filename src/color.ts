/**
 * Whether stylish output gets colours. `--color` / `--no-color` decide; a report written with
 * `--output` has none otherwise. Then the environment, as no-color.org and force-color.org define
 * it (a variable counts when set and not empty): NO_COLOR turns colours off, and wins over
 * FORCE_COLOR (a user's standing wish over a CI-wide setting); FORCE_COLOR turns them on even
 * when piped, except FORCE_COLOR=0 or false (Node's reading); TERM=dumb turns them off; else
 * colours when stdout is a terminal (asked last, as finding out loads Node's tty support).
 *
 * Node's own `util.styleText` honours these only from 20.x minor versions on (and is missing
 * before 20.12), and `tty.hasColors()` exists only on a terminal stream: so decided here.
 */
export interface ColorInputs {
  /** `--color` (true), `--no-color` (false), or neither. */
  flag: boolean | undefined;
  toFile: boolean;
  isTTY: () => boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export function wantsColor({ flag, toFile, isTTY, env }: ColorInputs): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force) return force !== '0' && force !== 'false';
  if (env['TERM'] === 'dumb') return false;
  return isTTY();
}
