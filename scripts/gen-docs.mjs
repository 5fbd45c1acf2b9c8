#!/usr/bin/env node
// Renders docs/rules/<id>.md for every policies/<id>.yaml, docs/rules/README.md (the index), and
// docs/chart-notices.md (the chart's NOTES banners and the notice policies that report them).
// The pages are checked in (findings link to them: src/policy/help-uri.ts); test/docs.test.ts
// renders them again in memory and fails when one is missing, stale or left over.
// A failing example's page says where dd-lint reports it: the example is linted (with the
// compiled engine in dist/, so run `npm run build` first; `npm run docs` does).
//   node scripts/gen-docs.mjs          write the pages, delete pages of policies that are gone
//   node scripts/gen-docs.mjs --check  exit 1 when a page differs from what it would write
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
export const RULES_DIR = 'docs/rules';

// Severity and category live in the policy modules: read from the build (npm run docs builds first).
const { POLICY_MODULES } = await import('../dist/src/rules/registry.generated.js');
const { chartVersions, newestChartVersion } = await import('../dist/src/chart/history.js');
const { chartBanners } = await import('../dist/src/chart/notices.js');
export const NOTICES_PAGE = 'docs/chart-notices.md';

/** The policies as the build joins them (scripts/gen-policies.mjs): policies/*.yaml, sorted, with their modules' severity and category. */
function readPolicies(root) {
  const dir = join(root, 'policies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = parse(readFileSync(join(dir, f), 'utf8'));
      const module = POLICY_MODULES[text.id];
      return { file: `policies/${f}`, policy: { ...text, severity: module?.severity, category: module?.category } };
    });
}

/**
 * The incidents told in examples/README.md, from its table: a row `| \`<id>\` | what went wrong |
 * links to the setup folders |`. A policy's `incident` is such an id.
 */
function readIncidents(root) {
  const readme = join(root, 'examples', 'README.md');
  const incidents = new Map();
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const id = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!id || cells.length < 5) continue;
    const setups = [...cells[3].matchAll(/\]\(([^)]+\/)\)/g)].map((m) => m[1]);
    for (const dir of setups) if (!existsSync(join(root, 'examples', dir))) throw new Error(`examples/README.md: incident ${id}: examples/${dir} does not exist`);
    incidents.set(id, { id, what: cells[2], setups });
  }
  return incidents;
}

const fenceFor = (text) => '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
const codeBlock = (lang, text) => {
  const fence = fenceFor(text);
  return `${fence}${lang}\n${text.endsWith('\n') ? text : text + '\n'}${fence}`;
};
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const reference = (r) => (/^https?:\/\/\S+$/.test(r) ? `<${r}>` : r);

/** An incident id, linked to its story in examples/README.md (from a page in docs/rules/). */
const incidentLink = (id) => `[\`${id}\`](../../examples/README.md#${id})`;

const ARTICLE = { error: 'an error', warning: 'a warning', info: 'an info' };

const RANK = { info: 0, warning: 1, error: 2 };

/** Severities a failing example gives besides the policy's (why is the policy's own text: evidence, platform, what the input cannot show). */
const otherSeverities = (policy) => [
  ...new Set(
    [...policy.examples.fail, ...(policy.examples.full ?? [])]
      .flatMap((e) => e.findings ?? [])
      .map((f) => f.severity)
      .filter((s) => s && s !== policy.severity),
  ),
];

function severityText(policy) {
  const others = otherSeverities(policy).sort((a, b) => RANK[b] - RANK[a]);
  return others.length ? `${policy.severity} (${others.join(' or ')} in some cases: see the description and the failing examples)` : policy.severity;
}

const INPUT_FILE = { values: 'values.yaml', manifests: 'manifests.yaml', set: 'the --set argument' };

/** One expected finding, as a list item: where, severity, and the fragment of its message. */
function renderFinding(example, policy, finding) {
  const input = finding.in ?? (finding.at !== undefined || example.values !== undefined || example.fullValues ? 'values' : 'manifests');
  const where = finding.at !== undefined ? `at \`${finding.at}\`` : `at line ${finding.line}, column ${finding.column} of ${input === 'set' ? INPUT_FILE.set : `\`${INPUT_FILE[input]}\``}`;
  return `- ${where}, ${ARTICLE[finding.severity ?? policy.severity]}: "…${finding.message}…"`;
}

function renderExample(kind, example, policy) {
  const out = [`### ${kind}: ${example.description}`, ''];
  if (example.findings) out.push('dd-lint reports:', '', ...example.findings.map((f) => renderFinding(example, policy, f)), '');
  if (example.values !== undefined) out.push(example.chartVersion ? `\`values.yaml\`, linted with chart version ${example.chartVersion}:` : '`values.yaml`:', '', codeBlock('yaml', example.values), '');
  if (example.fullValues) {
    const { chartVersion, set, comments, append } = example.fullValues;
    out.push(`\`values.yaml\`: a full copy of the chart's own values.yaml (${chartVersion}), linted with that chart version, with:`, '');
    if (set) out.push(...Object.entries(set).map(([path, value]) => `- \`${path}\` set to \`${JSON.stringify(value)}\``));
    if (comments) out.push(...Object.entries(comments).map(([path, comment]) => `- above \`${path}\`, the comment \`#${comment}\``));
    if (append !== undefined) out.push('- at its end:', '', codeBlock('yaml', append));
    out.push('');
  }
  if (example.set?.length) out.push('with', '', codeBlock('sh', example.set.map((s) => `--set ${s}`).join(' \\\n')), '');
  if (example.manifests !== undefined) out.push('`manifests.yaml`:', '', codeBlock('yaml', example.manifests), '');
  return out;
}

async function renderPolicy(file, policy, incidents) {
  const incident = policy.incident ? incidents.get(policy.incident) : undefined;
  if (policy.incident && !incident) throw new Error(`${file}: incident ${policy.incident} is not in the table of examples/README.md`);
  const lines = [
    `<!-- Generated from ${file} by \`npm run docs\`. Do not edit: edit the policy and run it again. -->`,
    '',
    `# ${policy.title}`,
    '',
    '| | |',
    '|---|---|',
    `| Policy | \`${policy.id}\` |`,
    `| Severity | ${severityText(policy)} |`,
    `| Category | ${policy.category} |`,
    `| Incident | ${policy.incident ? incidentLink(policy.incident) : 'none'} |`,
    '',
    policy.summary.trim(),
    '',
    '## Why it breaks',
    '',
    policy.why.trim(),
    '',
    '## How to fix it',
    '',
    policy.fix.trim(),
    '',
    'Where the configuration is deliberate, suppress the finding with a reason on the line above it,',
    `\`# dd-lint-disable-next-line ${policy.id} -- <why>\`, or for a whole file with`,
    `\`# dd-lint-disable ${policy.id} -- <why>\` (on a Kubernetes object: the annotation`,
    `\`dd-lint.io/ignore: "${policy.id} -- <why>"\`).`,
    '',
  ];
  if (policy.references?.length) lines.push('## References', '', ...policy.references.map((r) => `- ${reference(r)}`), '');
  lines.push('## The incident', '');
  if (incident) {
    lines.push(`This policy comes from the ${incidentLink(incident.id)} incident: ${incident.what.replace(/\.?$/, '.')}`, '');
    const setups = incident.setups.map((dir) => `[\`examples/${dir}\`](../../examples/${dir})`);
    lines.push(`${setups.length > 1 ? 'Its setups' : 'Its setup'}: ${setups.join(', ')} (\`npx dd-lint examples/${incident.setups[0]}\` lints one).`, '');
  } else {
    lines.push('No incident write-up is linked to this policy.', '');
  }
  lines.push(
    '## Examples',
    '',
    'The test suite lints every example (values and manifests together, as one picture of a cluster): each',
    'failing example must produce exactly the findings listed, each passing example none, and neither may',
    'raise findings of other policies beyond those its policy file declares.',
    '',
  );
  for (const example of [...policy.examples.fail, ...(policy.examples.full ?? [])]) lines.push(...renderExample('Fails', example, policy));
  for (const example of policy.examples.pass) lines.push(...renderExample('Passes', example, policy));
  return lines.join('\n').replace(/\n+$/, '\n');
}

function renderIndex(policies) {
  return [
    '<!-- Generated from policies/*.yaml by `npm run docs`. Do not edit. -->',
    '',
    '# dd-lint rules',
    '',
    'One page per policy in `policies/`: what it catches, why it breaks, how to fix it, the incident it',
    'comes from, and examples that fail and pass (the test suite runs them). `src/policy/help-uri.ts`',
    "gives a page's absolute URI for findings' `helpUri`. After editing a policy run `npm run docs`;",
    '`test/docs.test.ts` fails when a page is missing or stale.',
    '',
    '| policy | what it catches | severity | category | incident |',
    '|---|---|---|---|---|',
    ...policies.map(
      ({ policy }) =>
        `| [\`${policy.id}\`](${policy.id}.md) | ${cell(policy.title)} | ${[policy.severity, ...otherSeverities(policy, true), ...otherSeverities(policy, false)].join(', ')} | ${policy.category} | ${policy.incident ? incidentLink(policy.incident) : ''} |`,
    ),
    '',
  ].join('\n');
}

/** Every page by its path relative to the repository root (docs/rules/<id>.md, docs/rules/README.md). */
export async function renderDocs(root = ROOT) {
  const policies = readPolicies(root);
  const incidents = readIncidents(root);
  const pages = new Map();
  for (const { file, policy } of policies) {
    if (`policies/${policy.id}.yaml` !== file) throw new Error(`${file}: named after another id (${policy.id})`);
    pages.set(`${RULES_DIR}/${policy.id}.md`, await renderPolicy(file, policy, incidents));
  }
  pages.set(`${RULES_DIR}/README.md`, renderIndex(policies));
  pages.set(NOTICES_PAGE, renderNotices(policies));
  return pages;
}

/** Runs of versions as ranges, contiguous runs joined: `2.4.0–3.240.0`. */
function versionRanges(runs) {
  const versions = chartVersions();
  const ranges = [];
  for (const r of runs) {
    const last = ranges[ranges.length - 1];
    if (last && versions.indexOf(r.from) === versions.indexOf(last.to) + 1) last.to = r.to;
    else ranges.push({ from: r.from, to: r.to });
  }
  return ranges.map((r) => (r.from === r.to ? r.from : `${r.from}–${r.to}`)).join(', ');
}

/** docs/chart-notices.md: every banner of the newest chart version, and older ones a policy reports. */
function renderNotices(policies) {
  const banners = chartBanners();
  const newest = newestChartVersion();
  const byBanner = new Map(policies.filter((p) => p.policy.notice).map((p) => [p.policy.notice.banner, p.policy]));
  const rows = banners
    .filter((b) => byBanner.has(b.banner) || b.runs.some((r) => r.to === newest))
    .map((b) => {
      const policy = byBanner.get(b.banner);
      const printed = b.runs[b.runs.length - 1].printed + (b.runs.some((r) => r.fail) ? ' (fails the install)' : '');
      const how = !policy ? '' : policy.notice.condition === 'code' ? `code ([\`src/rules/${policy.id}.ts\`](../src/rules/${policy.id}.ts))` : policy.notice.olderConditions ? 'data, by chart version' : 'data';
      const refused = policy?.notice.schemaRefusesFrom ? ` (from ${policy.notice.schemaRefusesFrom}: \`chart-render-failure\`)` : '';
      return `| ${cell(b.banner)} | ${printed} | ${policy ? `[\`${policy.id}\`](rules/${policy.id}.md) (${policy.severity})` : '—'} | ${versionRanges(b.runs)}${refused} | ${how} |`;
    });
  return [
    '# Chart notices',
    '',
    '<!-- Generated by `npm run docs` from src/chart/data/datadog.notices.json and policies/notice-*.yaml. Do not edit. -->',
    '',
    `The banners the datadog chart prints after \`helm install\` (its \`templates/NOTES.txt\`), which Argo CD, Flux and`,
    '`helm template` never show, and the dd-lint policy that reports each before install. A notice policy fires only',
    'for the chart versions that print its banner (the release\'s chart version). "data": its condition is a JSON',
    'Schema over the merged values in its policy file; "code": a module decides (values compared with each other,',
    'the chart\'s helpers). Every banner of the newest bundled version is listed; older ones only with a policy.',
    '',
    'A condition follows the chart version: where an older chart decided a banner otherwise, a data notice lists that',
    "version's condition (`olderConditions`, \"data, by chart version\" below) and a code notice asks the version. A",
    'banner whose values the chart\'s values schema refuses first from some version on (`schemaRefusesFrom`) is',
    'reported by `chart-render-failure` from that version, never twice.',
    '',
    '## Where dd-lint and the chart differ on purpose',
    '',
    '- **Cluster-Agent should be deployed in high availability mode** (`notice-cluster-agent-ha`): the chart prints it',
    '  on its own defaults (admission controller on, one replica, no PodDisruptionBudget), so reported on those alone it',
    '  would be on every run of dd-lint, whatever the values. dd-lint reports it only when the user wrote a key that',
    '  makes the recommendation theirs, and at that key: the metrics provider turned on,',
    '  `clusterAgent.admissionController.failurePolicy: Fail` (a warning: while the single Cluster Agent is down, the',
    '  API server refuses the pods the webhook mutates), or `clusterAgent.replicas` / `clusterAgent.pdb.create` written',
    "  with values other than the chart's that still leave it short of high availability (an info). A value equal to",
    "  the chart's (a full copy of its values.yaml) does not count.",
    '- **Cloud Workload Security (CWS) is not supported on GKE Autopilot** (`notice-gke-autopilot-cws`): on Autopilot the',
    "  chart's system-probe check (GKE 1.32.1-gke.1729000 or later) stops an install without a cluster first, so `helm",
    "  install --dry-run=client` never prints this banner; on a newer cluster this check stops it. Either way CWS on",
    '  Autopilot does not install: an error.',
    '- **You did not set a datadog.apiKey** (`notice-api-key-missing`): most installs give the key at install time',
    '  (`--set` from a CI secret, a secret manager), which no file shows, so an info that says what it assumes, not',
    "  an error. `--set datadog.apiKey=...` given to dd-lint counts as given, and a values source dd-lint could not read",
    '  (`values-source-unread`) may hold the key, so the notice is silent then.',
    '',
    '| Banner | Printed as | Policy | Chart versions | Condition |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Pages whose file differs from the rendering, is missing, or has no policy any more. */
export async function staleDocs(root = ROOT) {
  const pages = await renderDocs(root);
  const dir = join(root, RULES_DIR);
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => `${RULES_DIR}/${f}`) : [];
  const stale = [];
  for (const [path, text] of pages) {
    const file = join(root, path);
    if (!existsSync(file)) stale.push({ path, problem: 'missing' });
    else if (readFileSync(file, 'utf8') !== text) stale.push({ path, problem: 'stale' });
  }
  for (const path of present) if (!pages.has(path)) stale.push({ path, problem: 'no policy' });
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = await staleDocs();
    for (const { path, problem } of stale) console.error(`${path}: ${problem}; run npm run docs`);
    process.exit(stale.length ? 1 : 0);
  }
  const pages = await renderDocs();
  mkdirSync(join(ROOT, RULES_DIR), { recursive: true });
  for (const f of readdirSync(join(ROOT, RULES_DIR))) {
    if (f.endsWith('.md') && !pages.has(`${RULES_DIR}/${f}`)) rmSync(join(ROOT, RULES_DIR, f));
  }
  for (const [path, text] of pages) writeFileSync(join(ROOT, path), text);
  console.log(`wrote ${pages.size} pages in ${RULES_DIR}/`);
}
