/**
 * Path safety (issue 8): symbolic link loops, broken links, unreadable files and directories, a
 * directory named like a file, a FIFO, a missing file among good ones. Each bad input is one line on
 * stderr, the other inputs are still linted and reported, and the exit code is 2.
 *
 * chmod 000 does not stop root from reading: as root, the CLI runs as `nobody` (uid 65534) so the
 * permission cases mean something; where that is not allowed either, they are skipped, and said so.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './helpers/cli.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

const NOBODY = 65534;
const root = process.getuid?.() === 0;

function ddLint(args: string[], cwd: string, asNobody = false) {
  // As nobody, through `env -u NODE_OPTIONS`: tap adds its process-info hook to NODE_OPTIONS of every
  // child, and that hook writes under .tap/, which nobody may not.
  const [command, prefix] = asNobody ? ['env', ['-u', 'NODE_OPTIONS', process.execPath]] : [process.execPath, []];
  const r = spawnSync(command, [...prefix, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1', DD_LINT_DEBUG: '' },
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

const tmp = mkdtempSync(join(tmpdir(), 'dd-lint-paths-'));
chmodSync(tmp, 0o755); // readable by nobody too
const fixture = (name: string, file = 'values.yaml') => join(FIXTURES_DIR, name, file);
const lines = (stderr: string) => stderr.split('\n').filter(Boolean);

/** A tree with two good values files (one error, one warning) among every kind of bad entry. */
const tree = join(tmp, 'tree');
mkdirSync(join(tree, 'sub'), { recursive: true });
mkdirSync(join(tree, 'dir.yaml'));
copyFileSync(fixture('s004-token-30'), join(tree, 'a-token.yaml'));
copyFileSync(fixture('quoted-false'), join(tree, 'dir.yaml', 'quoted.yaml')); // a directory named like a file is walked
symlinkSync('loop.yaml', join(tree, 'loop.yaml')); // a link to itself
symlinkSync('ping.yaml', join(tree, 'pong.yaml'));
symlinkSync('pong.yaml', join(tree, 'ping.yaml'));
symlinkSync('..', join(tree, 'sub', 'up')); // a directory loop: symlinked directories are not followed
symlinkSync('../sub', join(tree, 'sub', 'again.yaml')); // a link to a directory named like a file: not followed either
symlinkSync('nowhere.yaml', join(tree, 'broken.yaml'));
mkdirSync(join(tree, 'other'));
copyFileSync(fixture('s001-ssl-agent-only'), join(tree, 'other', 'ssl.txt')); // not walked: not *.yaml
symlinkSync('../other/ssl.txt', join(tree, 'sub', 'linked.yml')); // a link to a file is read
writeFileSync(join(tree, 'bad.yaml'), 'datadog:\n  apiKey: [unclosed\n');
spawnSync('mkfifo', [join(tree, 'fifo.yaml')]); // a FIFO in a directory is not opened (it would block)

t.test('a directory walk: each bad entry is one line on stderr, the good files are linted', async (t) => {
  const r = ddLint(['tree'], tmp);
  t.equal(r.code, 2, 'exit 2: an input could not be read');
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  t.same(lines(r.stderr).sort(), [
    'dd-lint: tree/bad.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    'dd-lint: tree/broken.yaml: broken symbolic link (its target does not exist)',
    'dd-lint: tree/loop.yaml: too many symbolic links (a symbolic link loop?)',
    'dd-lint: tree/ping.yaml: too many symbolic links (a symbolic link loop?)',
    'dd-lint: tree/pong.yaml: too many symbolic links (a symbolic link loop?)',
  ]);
  t.match(r.stdout, /tree\/a-token\.yaml\n {2}6:3 {2}error .*cluster-agent-token-too-short/, 'the good file is linted');
  t.match(r.stdout, /tree\/sub\/linked\.yml\n.*skip-ssl-validation-partial/, 'a link to a file is read');
  t.match(r.stdout, /tree\/dir\.yaml\/quoted\.yaml\n {2}5:5 {2}warning .*quoted-false-enables/, 'and the one in the directory named like a file');
});

t.test('a missing file among good ones: the report has the good ones, in every format', async (t) => {
  for (const format of ['stylish', 'json', 'sarif']) {
    const r = ddLint(['--format', format, 'missing.yaml', fixture('s004-token-30'), 'tree/dir.yaml'], tmp);
    t.equal(r.code, 2, `${format}: exit 2`);
    t.equal(r.stderr, 'dd-lint: missing.yaml: no such file\n', `${format}: one line`);
    t.match(r.stdout, 'cluster-agent-token-too-short', `${format}: the good files are reported`);
    t.match(r.stdout, 'quoted-false-enables');
    if (format !== 'stylish') t.doesNotThrow(() => JSON.parse(r.stdout), `${format}: a whole document`);
  }
  const errorsOnly = ddLint(['missing.yaml', 'tree/dir.yaml/quoted.yaml'], tmp);
  t.equal(errorsOnly.code, 2, 'exit 2 even when the good files have no error findings');
});

t.test('-f takes files: a directory is an error, and a release missing one of its files is not linted', async (t) => {
  const dir = ddLint(['-f', 'tree/dir.yaml', fixture('s004-token-30')], tmp);
  t.equal(dir.code, 2);
  t.equal(dir.stderr, 'dd-lint: tree/dir.yaml: is a directory\n');
  t.match(dir.stdout, 'cluster-agent-token-too-short', 'the positional file is still linted');
  const partial = ddLint(['-f', fixture('s004-token-30'), '-f', 'missing.yaml', '--set', 'agents.useHostNetwork=true', 'tree/dir.yaml/quoted.yaml'], tmp);
  t.equal(partial.code, 2);
  t.equal(partial.stderr, 'dd-lint: missing.yaml: no such file\n');
  t.notMatch(partial.stdout, 'cluster-agent-token-too-short', 'half a release is not linted: its findings could be wrong');
  t.match(partial.stdout, 'quoted-false-enables', 'the positional file is, without the release\'s --set');
  t.notMatch(partial.stdout, 'otel-hostnetwork-port-conflict', '--set belonged to the -f release');
});

t.test('unreadable files and directories (chmod 000)', async (t) => {
  const locked = join(tmp, 'locked');
  mkdirSync(join(locked, 'closed'), { recursive: true });
  copyFileSync(fixture('s004-token-30'), join(locked, 'a-token.yaml'));
  copyFileSync(fixture('quoted-false'), join(locked, 'closed', 'quoted.yaml'));
  writeFileSync(join(locked, 'secret.yaml'), 'a: 1\n');
  chmodSync(join(locked, 'secret.yaml'), 0o000);
  chmodSync(join(locked, 'closed'), 0o000);
  t.teardown(() => chmodSync(join(locked, 'closed'), 0o755));
  const r = ddLint(['locked', 'locked/secret.yaml'], tmp, root);
  if (root && (r.error as NodeJS.ErrnoException | undefined)?.code === 'EPERM') {
    t.comment('running as root without the right to switch to nobody: chmod 000 cannot be tested here');
    t.pass('skipped');
    return;
  }
  if (root) t.comment('running as root: the CLI runs as nobody (uid 65534), for whom chmod 000 holds');
  t.equal(r.code, 2);
  t.same(lines(r.stderr), [
    'dd-lint: locked/closed: permission denied',
    'dd-lint: locked/secret.yaml: permission denied',
    'dd-lint: locked/secret.yaml: permission denied',
  ], 'the directory, and the file both as walked and as named');
  t.match(r.stdout, /locked\/a-token\.yaml\n {2}6:3 {2}error/, 'the readable file is linted');
});
