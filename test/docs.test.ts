/** The rule pages in docs/rules/ (npm run docs) and the helpUri that points findings at them. */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REPO_ROOT } from './helpers/cli.js';
import { loadPoliciesWithExamples } from '../src/policy/load.js';
import { hasHelpPage, helpUri, rulesBase } from '../src/policy/help-uri.js';

interface DocsScript {
  renderDocs(root?: string): Promise<Map<string, string>>;
  staleDocs(root?: string): Promise<{ path: string; problem: string }[]>;
}
const docs = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'gen-docs.mjs')).href)) as DocsScript;
const policies = await loadPoliciesWithExamples();

t.test('every policy has its page in docs/rules/, as npm run docs renders it', async (t) => {
  const pages = await docs.renderDocs(REPO_ROOT);
  for (const policy of policies) t.ok(pages.has(`docs/rules/${policy.id}.md`), `${policy.id} is rendered`);
  t.same(await docs.staleDocs(REPO_ROOT), [], 'no page missing, stale or left from a removed policy (run npm run docs)');
});

t.test('a missing, stale or left-over page is caught', async (t) => {
  // A copy of policies/, docs/ and examples/ (the incidents the pages tell).
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-docs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'repo');
  cpSync(join(REPO_ROOT, 'policies'), join(root, 'policies'), { recursive: true });
  cpSync(join(REPO_ROOT, 'docs'), join(root, 'docs'), { recursive: true });
  cpSync(join(REPO_ROOT, 'examples'), join(root, 'examples'), { recursive: true });
  t.same(await docs.staleDocs(root), [], 'the copy is fresh');

  const [a, b] = policies;
  const edited = join(root, 'policies', `${a!.id}.yaml`);
  writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title: (.*)$/m, 'title: $1, edited'));
  rmSync(join(root, 'docs', 'rules', `${b!.id}.md`));
  writeFileSync(join(root, 'docs', 'rules', 'gone-policy.md'), '# gone\n');
  t.same(
    (await docs.staleDocs(root)).sort((x, y) => x.path.localeCompare(y.path)),
    [
      { path: `docs/rules/${a!.id}.md`, problem: 'stale' },
      { path: `docs/rules/${b!.id}.md`, problem: 'missing' },
      { path: 'docs/rules/README.md', problem: 'stale' },
      { path: 'docs/rules/gone-policy.md', problem: 'no policy' },
    ].sort((x, y) => x.path.localeCompare(y.path)),
  );
});

t.test('a page holds what the policy says', async (t) => {
  const pages = await docs.renderDocs(REPO_ROOT);
  const examples = readFileSync(join(REPO_ROOT, 'examples', 'README.md'), 'utf8');
  for (const policy of policies) {
    const page = pages.get(`docs/rules/${policy.id}.md`)!;
    t.match(page, `# ${policy.title}\n`, `${policy.id}: title`);
    t.match(page, `| Severity | ${policy.severity}`, `${policy.id}: severity`);
    t.match(page, `| Category | ${policy.category} |`, `${policy.id}: category`);
    for (const part of [policy.summary, policy.why, policy.fix]) t.match(page, part.trim(), `${policy.id}: summary, why, fix`);
    for (const r of policy.references ?? []) t.match(page, r, `${policy.id}: reference ${r}`);
    if (policy.incident) {
      t.match(page, `This policy comes from the [\`${policy.incident}\`](../../examples/README.md#${policy.incident}) incident: `, `${policy.id}: incident`);
      t.match(examples, `\n## ${policy.incident}\n`, `${policy.id}: examples/README.md tells the incident ${policy.incident}`);
    }
    // The page names the file each expected finding is in; the policy tests hold the findings to those places.
    for (const example of policy.examples.fail) {
      for (const f of example.findings ?? []) {
        if (f.line === undefined) continue;
        const input = f.in ?? (example.values !== undefined ? 'values' : 'manifests');
        const file = input === 'set' ? 'the --set argument' : `\`${input}.yaml\``;
        t.match(page, `at line ${f.line}, column ${f.column} of ${file}`, `${policy.id}: where its finding is: ${example.description}`);
      }
    }
    for (const example of [...policy.examples.fail, ...policy.examples.pass]) {
      for (const text of [example.values, example.manifests]) if (text !== undefined) t.match(page, '```yaml\n' + text, `${policy.id}: ${example.description}`);
    }
  }
  const index = pages.get('docs/rules/README.md')!;
  for (const policy of policies) t.match(index, `[\`${policy.id}\`](${policy.id}.md)`, `index links ${policy.id}`);
});

t.test('helpUri: an absolute URI of the page of every built-in policy', async (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { repository?: unknown; homepage?: string };
  for (const policy of policies) {
    t.ok(hasHelpPage(policy.id), `${policy.id} has a page`);
    const uri = new URL(helpUri(policy.id)); // throws unless absolute
    t.ok(uri.pathname.endsWith(`/docs/rules/${policy.id}.md`), uri.href);
    if (uri.protocol === 'file:') {
      t.equal(fileURLToPath(uri), join(REPO_ROOT, 'docs', 'rules', `${policy.id}.md`), 'the page of this installation');
      t.ok(existsSync(uri), 'which exists');
    } else {
      t.equal(uri.protocol, 'https:', 'on GitHub');
      t.ok(pkg.repository || pkg.homepage, 'only when package.json names the repository');
    }
  }
  t.notOk(hasHelpPage('my-custom-policy'), 'custom policies have no page');
});

t.test('helpUri: a GitHub blob URL when package.json names a GitHub repository, else the file', async (t) => {
  const root = pathToFileURL('/opt/dd-lint/');
  const blob = 'https://github.com/acme/dd-lint/blob/HEAD/docs/rules/';
  for (const repository of [
    'acme/dd-lint',
    'github:acme/dd-lint',
    'https://github.com/acme/dd-lint',
    'https://github.com/acme/dd-lint.git',
    'git+https://github.com/acme/dd-lint.git',
    'git://github.com/acme/dd-lint.git',
    'git+ssh://git@github.com/acme/dd-lint.git',
    'git@github.com:acme/dd-lint.git',
    { type: 'git', url: 'git+https://github.com/acme/dd-lint.git' },
  ]) {
    t.equal(rulesBase({ repository }, root), blob, JSON.stringify(repository));
  }
  t.equal(rulesBase({ homepage: 'https://github.com/acme/dd-lint#readme' }, root), blob, 'homepage on GitHub');
  t.equal(
    rulesBase({ repository: { type: 'git', url: 'https://github.com/acme/tools.git', directory: 'packages/dd-lint' } }, root),
    'https://github.com/acme/tools/blob/HEAD/packages/dd-lint/docs/rules/',
    'a package in a monorepo',
  );
  t.equal(rulesBase({ repository: 'https://github.com/acme/dd-lint', homepage: 'https://github.com/other/site' }, root), blob, 'repository before homepage');
  for (const pkg of [{}, { repository: 'gitlab:acme/dd-lint' }, { homepage: 'https://dd-lint.example/docs' }, { repository: { type: 'git' } }]) {
    t.equal(rulesBase(pkg, root), 'file:///opt/dd-lint/docs/rules/', `${JSON.stringify(pkg)}: the installed page`);
  }
});

t.test('the package ships docs/rules/, so the file: helpUri of an installed dd-lint exists', async (t) => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  const packed = new Set((JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
  for (const policy of policies) t.ok(packed.has(`docs/rules/${policy.id}.md`), `docs/rules/${policy.id}.md is in the package`);
});

t.test("docs/cli.md's usage block is the CLI's own --help", async (t) => {
  const help = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'cli.js'), '--help'], { encoding: 'utf8' }).stdout;
  const options = help.slice(help.indexOf('Options:\n') + 'Options:\n'.length, help.indexOf('\nExit codes')).trimEnd();
  const page = readFileSync(join(REPO_ROOT, 'docs', 'cli.md'), 'utf8');
  const block = /```\ndd-lint \[options\] <files\|dirs\|->\.\.\.\n\n([\s\S]*?)\n```/.exec(page)?.[1];
  t.equal(block, options, 'docs/cli.md "## Usage" lists the options dd-lint --help prints (copy them over after changing a flag)');
});
