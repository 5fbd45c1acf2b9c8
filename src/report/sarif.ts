/**
 * SARIF 2.1.0, one run, for GitHub code scanning and other SARIF viewers.
 *
 * - Rules: every active policy (ctx.policies, in order), then any rule id a finding uses that is
 *   not a policy (described from the finding), so `ruleIndex` always resolves.
 * - Locations: `uri` relative to the working directory (`%SRCROOT%`, declared in
 *   `originalUriBaseIds`), forward slashes, percent-encoded; a file outside the working directory
 *   gets an absolute `file://` uri instead (GitHub cannot map it, but it stays correct).
 * - Non-file origins (a `--set a=b` argument, `<values>`): GitHub code scanning rejects a result
 *   without a file location, so the result is placed at line 1 of the first linted file
 *   (first file in ctx.sources, else the first file any finding points at) and the argument
 *   (secrets masked) is given as a logicalLocation, in the location's message, and at the end of
 *   the result's message. With no file at all, the location has only the logicalLocation.
 * - Related locations: ids 1..n, each linked from the result's message (`[message](1)`), since
 *   GitHub shows only related locations the message links to.
 * - partialFingerprints.primaryLocationLineHash: GitHub matches alerts across runs on this key and
 *   computes a line-content hash only when it is missing. Ours (fingerprint.ts, shared with the
 *   gitlab format) does not depend on lines, columns or the file's text, which move when unrelated
 *   lines change.
 * - Suppressed findings (`finding.suppression`) stay results, with
 *   `suppressions: [{ kind: "inSource", justification }]`: both a `# dd-lint-disable` comment and a
 *   `dd-lint.io/ignore` annotation are written in the linted source. Viewers then show the result as
 *   suppressed (GitHub code scanning: dismissed, not open) instead of dropping it without a trace.
 * - security-severity is not emitted: policies carry no security score, and inventing a CVSS-like
 *   number from error/warning would rank alerts with false precision. `level` still applies.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RelatedLocation, Severity } from '../model/finding.js';
import type { Location } from '../model/location.js';
import type { Policy } from '../policy/types.js';
import type { ReportContext, Reporter, SkippedInput } from './types.js';
import { anchorFile, displayFile, inFile, originNotes, outsideFileNote, sortFindings, type Named } from './common.js';
import { fingerprints } from './fingerprint.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

// The subset of SARIF this reporter writes (names as in the OASIS schema).
interface Message {
  text: string;
}
interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface SarifLocation {
  id?: number;
  physicalLocation?: {
    artifactLocation: ArtifactLocation;
    region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number };
  };
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  message?: Message;
}
interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription?: Message;
  help?: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: 'high' };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: Message;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: { primaryLocationLineHash: string };
  suppressions?: { kind: 'inSource'; justification?: string }[];
  properties?: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: 'dd-lint'; version: string; semanticVersion?: string; rules: ReportingDescriptor[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
      invocations?: SarifInvocation[];
    },
  ];
}

/** Files found by walking and skipped (none of Datadog's), as the run's notifications. */
interface SarifInvocation {
  executionSuccessful: true;
  toolExecutionNotifications: { level: 'note'; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[];
}

/** `cluster-agent-token-length` → `ClusterAgentTokenLength`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function helpText(why: string, fix: string, references: readonly string[]): { text: string; markdown: string } {
  const refs = references.length > 0;
  return {
    text: `${why.trim()}\n\nFix: ${fix.trim()}` + (refs ? `\n\nReferences:\n${references.map((r) => `- ${r}`).join('\n')}` : ''),
    markdown:
      `**Why**\n\n${why.trim()}\n\n**Fix**\n\n${fix.trim()}` +
      (refs ? `\n\n**References**\n\n${references.map((r) => (/^https?:\/\//.test(r) ? `- <${r}>` : `- ${r}`)).join('\n')}` : ''),
  };
}

function policyRule(policy: Policy, helpUri: string | undefined): ReportingDescriptor {
  return {
    id: policy.id,
    name: pascalCase(policy.id),
    shortDescription: { text: policy.title },
    fullDescription: { text: policy.summary },
    help: helpText(policy.why, policy.fix, policy.references ?? []),
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[policy.severity] },
    properties: { tags: [policy.category, 'datadog', 'kubernetes'], precision: 'high' },
  };
}

/** A rule a finding uses that no active policy describes (e.g. an input error): described from the finding. */
function findingRule(f: Finding): ReportingDescriptor {
  return {
    id: f.ruleId,
    name: pascalCase(f.ruleId),
    shortDescription: { text: f.title || f.ruleId },
    help: helpText(f.why, f.fix, []),
    ...(f.helpUri ? { helpUri: f.helpUri } : {}),
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: { tags: ['datadog', 'kubernetes'], precision: 'high' },
  };
}

/** A relative uri under %SRCROOT%, or an absolute file uri for a file outside the working directory. */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const relative = displayFile({ file }, cwd);
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(path.resolve(cwd, file)).href };
  }
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(loc: Location): NonNullable<SarifLocation['physicalLocation']>['region'] {
  return {
    startLine: Math.max(1, loc.line),
    startColumn: Math.max(1, loc.column),
    ...(loc.endLine ? { endLine: loc.endLine } : {}),
    ...(loc.endColumn ? { endColumn: loc.endColumn } : {}),
  };
}

/** A location outside a file as a logical location: a `--set` argument (secrets masked), stdin, an object. */
function logicalLocation(loc: Named, cwd: string): NonNullable<SarifLocation['logicalLocations']>[number] {
  const shown = displayFile(loc, cwd);
  return { name: shown, fullyQualifiedName: shown, kind: loc.source === 'set' ? 'commandLineArgument' : 'value' };
}

/** `[` `]` that would read as an embedded link `[text](n)` are escaped (SARIF §3.11.6). */
function escapeLinks(text: string): string {
  return text.replace(/\[([^[\]]*)\]\((\d+)\)/g, '\\[$1\\]($2)');
}

function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

export function toSarif(findings: Finding[], ctx: ReportContext): SarifLog {
  const sorted = sortFindings(findings, ctx.cwd);

  const helpUris = new Map<string, string>();
  for (const f of sorted) if (f.helpUri && !helpUris.has(f.ruleId)) helpUris.set(f.ruleId, f.helpUri);
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const policy of ctx.policies) {
    if (ruleIndex.has(policy.id)) continue;
    ruleIndex.set(policy.id, rules.length);
    rules.push(policyRule(policy, helpUris.get(policy.id)));
  }
  for (const f of sorted) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, rules.length);
    rules.push(findingRule(f));
  }

  // Where results about non-file origins go (GitHub needs a file): line 1 of the first linted file.
  const anchor = anchorFile(sorted, ctx.sources);

  const toLocation = (loc: Location, message?: string): SarifLocation => {
    if (inFile(loc)) {
      return {
        physicalLocation: { artifactLocation: artifactLocation(loc.file, ctx.cwd), region: region(loc) },
        ...(message !== undefined ? { message: { text: message } } : {}),
      };
    }
    const logical = logicalLocation(loc, ctx.cwd);
    const note = outsideFileNote(loc, ctx.cwd);
    return {
      ...(anchor
        ? { physicalLocation: { artifactLocation: artifactLocation(anchor, ctx.cwd), region: { startLine: 1, startColumn: 1 } } }
        : {}),
      logicalLocations: [logical],
      message: { text: message !== undefined ? `${message} (${note})` : note },
    };
  };

  const hashes = fingerprints(sorted, ctx.cwd);
  const results = sorted.map((f, i): SarifResult => {
    let text = escapeLinks(f.message) + originNotes(f, ctx.cwd);
    if (f.related.length > 0) text += ` See ${f.related.map((r, i) => `[${linkText(r.message)}](${i + 1})`).join(', ')}.`;

    const properties: Record<string, unknown> = {};
    if (f.object) properties['object'] = { kind: f.object.kind, namespace: f.object.namespace, name: f.object.name };
    if (f.container) properties['container'] = f.container;
    if (f.location.valuesPath) properties['valuesPath'] = f.location.valuesPath;
    if (f.location.fromDefault) properties['fromDefault'] = true;

    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text },
      locations: [toLocation(f.location)],
      ...(f.related.length > 0
        ? { relatedLocations: f.related.map((r: RelatedLocation, i) => ({ id: i + 1, ...toLocation(r, r.message) })) }
        : {}),
      partialFingerprints: { primaryLocationLineHash: hashes[i]! },
      ...(f.suppression
        ? { suppressions: [{ kind: 'inSource', ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) }] }
        : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    };
  });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dd-lint',
            version: ctx.toolVersion,
            ...(SEMVER.test(ctx.toolVersion) ? { semanticVersion: ctx.toolVersion } : {}),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
        ...(ctx.read?.skipped.length ? { invocations: [skippedInvocation(ctx.read.skipped, ctx.cwd)] } : {}),
      },
    ],
  };
}

function skippedInvocation(skipped: SkippedInput[], cwd: string): SarifInvocation {
  return {
    executionSuccessful: true,
    toolExecutionNotifications: skipped.map((s) => ({
      level: 'note',
      message: { text: `Skipped: ${s.reason}.` },
      locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(displayFile({ file: s.file }, cwd).split(path.sep).join('/')), uriBaseId: SRCROOT } } }],
    })),
  };
}

/** `file:///work/repo/` (percent-encoded, with the trailing slash a base uri needs). */
function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : href + '/';
}

export const sarif: Reporter = (findings, ctx) => JSON.stringify(toSarif(findings, ctx), null, 2) + '\n';
