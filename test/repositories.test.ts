/** Repositories as people keep them: several releases, directory walks, files that are not Datadog's. */
import t from 'tap';
import { writeTree } from './helpers/tree.js';
import { ddLint } from './helpers/cli.js';

// The API key comes from a Secret, as in most repositories.
const KEY_FROM_SECRET = 'datadog:\n  apiKeyExistingSecret: datadog-secret\n';
const TOKEN_30 = `clusterAgent:\n  enabled: true\n  token: abcdefghijklmnopqrstuvwxyz0123\n${KEY_FROM_SECRET}`;
const CLEAN = `clusterAgent:\n  enabled: true\n${KEY_FROM_SECRET}`;
const REDIS = 'architecture: standalone\nauth:\n  enabled: true\n  password: ""\nmaster:\n  persistence:\n    size: 8Gi\n';
const WORKFLOW = 'name: ci\non:\n  pull_request:\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
const TOO_SHORT = 'The cluster agent auth token read by DaemonSet datadog/datadog is 30 characters long';


t.test('two values files are two releases: neither hides the other, whatever the order', async (t) => {
  const dir = writeTree({ 'token30.yaml': TOKEN_30, 'clean.yaml': CLEAN });
  for (const args of [['token30.yaml', 'clean.yaml'], ['clean.yaml', 'token30.yaml']]) {
    const r = ddLint(['--format', 'json', ...args], { cwd: dir });
    t.equal(r.code, 1, args.join(' '));
    const report = JSON.parse(r.stdout);
    t.same(
      report.findings.map((f: { ruleId: string; location: { file: string; line: number } }) => `${f.ruleId} ${f.location.file}:${f.location.line}`),
      ['cluster-agent-token-too-short token30.yaml:3'],
      args.join(' '),
    );
    t.same(report.read, { files: 2, releases: 2, skipped: [] });
  }
});

t.test('a directory of clusters: the staging token is reported though prod is clean', async (t) => {
  const dir = writeTree({ 'clusters/prod/values.yaml': CLEAN, 'clusters/staging/values.yaml': TOKEN_30 });
  const r = ddLint(['--no-color', 'clusters/'], { cwd: dir });
  t.equal(r.code, 1);
  t.match(r.stdout, `clusters/staging/values.yaml\n  3:3  error  ${TOO_SHORT}`);
  t.match(r.stdout, '\n2 files read, 2 Helm releases, 0 skipped\n');
});

t.test("another chart's values and a CI workflow found by walking are skipped and listed; the exit code is the Datadog file's", async (t) => {
  const dir = writeTree({ 'deploy/datadog/values.yaml': TOKEN_30, 'deploy/redis/values.yaml': REDIS, '.github/workflows/ci.yml': WORKFLOW });
  const r = ddLint(['--no-color', '.'], { cwd: dir });
  t.equal(r.code, 1);
  t.match(r.stdout, `deploy/datadog/values.yaml\n  3:3  error  ${TOO_SHORT}`);
  t.match(
    r.stdout,
    '\n1 file read, 1 Helm release, 2 skipped\nskipped: .github/workflows/ci.yml (not Datadog values: none of its top-level keys (name, true, jobs) is the datadog chart\'s); deploy/redis/values.yaml (not Datadog values: none of its top-level keys (architecture, auth, master) is the datadog chart\'s)\n',
  );

  const json = JSON.parse(ddLint(['--format', 'json', '.'], { cwd: dir }).stdout);
  t.same(json.read.skipped.map((s: { file: string }) => s.file), ['.github/workflows/ci.yml', 'deploy/redis/values.yaml']);

  const sarif = JSON.parse(ddLint(['--format', 'sarif', '.'], { cwd: dir }).stdout);
  const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
  t.same(
    notes.map((n: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => n.locations[0]!.physicalLocation.artifactLocation.uri),
    ['.github/workflows/ci.yml', 'deploy/redis/values.yaml'],
  );
  t.match(notes[1].message.text, /^Skipped: not Datadog values/);
});

t.test('a file named on the command line is linted whatever it holds: the keys the datadog chart does not read are warnings', async (t) => {
  const dir = writeTree({ 'values.yaml': REDIS });
  const r = ddLint(['--format', 'json', 'values.yaml'], { cwd: dir });
  t.equal(r.code, 0);
  t.same(
    JSON.parse(r.stdout).findings.map((f: { ruleId: string; location: { line: number } }) => `${f.ruleId} ${f.location.line}`),
    ['unknown-values-key 1', 'notice-api-key-missing 1', 'unknown-values-key 2', 'unknown-values-key 5'],
    'read as Datadog values: the keys the chart does not read, and no API key',
  );
});

t.test('a walk with nothing to lint is exit 2 with one line saying where it looked', async (t) => {
  const dir = writeTree({ 'charts/redis/values.yaml': REDIS });
  const r = ddLint(['charts'], { cwd: dir });
  t.equal(r.code, 2);
  t.equal(r.stdout, '');
  t.equal(r.stderr, 'dd-lint: nothing to lint in charts: no Datadog values, Datadog wrapper or Kubernetes manifest among its YAML and JSON files (1 skipped: charts/redis/values.yaml)\n');
});

t.test('quoted globs are expanded; node_modules, .git and .gitignore are honoured', async (t) => {
  const dir = writeTree({
    'clusters/a/values.yaml': TOKEN_30,
    'clusters/b/values.yaml': CLEAN,
    'node_modules/x/values.yaml': TOKEN_30,
    '.git/values.yaml': TOKEN_30,
    'build/values.yaml': TOKEN_30,
    '.gitignore': 'build/\n',
  });
  const glob = ddLint(['--format', 'json', 'clusters/*/values.yaml'], { cwd: dir });
  t.equal(glob.code, 1);
  t.same(JSON.parse(glob.stdout).read, { files: 2, releases: 2, skipped: [] });
  const walk = JSON.parse(ddLint(['--format', 'json', '.'], { cwd: dir }).stdout);
  t.same([...new Set(walk.findings.map((f: { location: { file: string } }) => f.location.file))], ['clusters/a/values.yaml']);
  const none = ddLint(['clusters/*/nothing.yaml'], { cwd: dir });
  t.equal(none.code, 2);
  t.equal(none.stderr, 'dd-lint: clusters/*/nothing.yaml: no file matches this pattern\n');
});
