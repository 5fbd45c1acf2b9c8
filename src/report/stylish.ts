/**
 * The default, human format (ESLint's stylish, plus a code frame and the fix):
 *
 *   values.yaml
 *     7:3  error  Cluster agent token is 30 characters; it needs at least 32  cluster-agent-token-length
 *         5 | clusterAgent:
 *         6 |   enabled: true
 *       > 7 |   token: <redacted, 30 chars>
 *           |   ^
 *         8 | agents:
 *         9 |   useHostNetwork: false
 *       fix: Set clusterAgent.token to 32 characters or more.
 *
 *   ✖ 1 problem (1 error, 0 warnings, 0 infos)
 *
 * Per finding, after the `line:col  severity  message  rule-id` line, indented by 4: a
 * "(chart default)" hint when the user never wrote the value, the code frame (when the file's
 * text is known; secret-looking values masked), `fix:` (first paragraph) and `see file:line: message`
 * for each related location. Findings are separated by a blank line. A CLI run adds what it read:
 * with no findings, one line `✔ 2 files read, 1 Helm release, 0 skipped: no problems`; with findings,
 * the same counts under the problem line when there are several releases or skipped files. Files
 * found by walking that are none of Datadog's are listed on one `skipped:` line with the reason.
 * Suppressed findings (`finding.suppression`) are not printed and not counted.
 */
import type { Finding } from '../model/finding.js';
import type { InputsRead, ReportContext, Reporter } from './types.js';
import { countBySeverity, displayFile, firstParagraph, inFile, sortFindings, unsuppressed, type Named } from './common.js';
import { documentMasker } from '../secrets/mask-source.js';

/** A file's lines, masked where a code frame shows them. */
interface MaskedSource {
  count: number;
  lines(first: number, last: number): string[];
}

type Style = 'bold' | 'dim' | 'underline' | 'red' | 'yellow' | 'cyan' | 'green';

const ANSI: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  green: [32, 39],
};

type Paint = (text: string, ...styles: Style[]) => string;

const plain: Paint = (text) => text;
const ansi: Paint = (text, ...styles) =>
  styles.reduceRight((inner, style) => `\u001b[${ANSI[style][0]}m${inner}\u001b[${ANSI[style][1]}m`, text);

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

/**
 * Text from the user's inputs must not drive the terminal: control characters (ESC, CR, BEL...)
 * and bidirectional overrides (which can make a line read differently from what it holds) are
 * shown as `\u001b`-style escapes. Tabs are kept (they matter for the caret's position).
 */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line for text that should be one line (messages, paths). */
function oneLine(text: string): string {
  return printable(text.replace(/\r?\n/g, ' '));
}

function readSummary(read: InputsRead): string {
  return `${pluralize(read.files, 'file')} read, ${pluralize(read.releases, 'Helm release')}, ${read.skipped.length} skipped`;
}

/** One line listing the files found by walking that are none of Datadog's, with why (empty when none). */
function skippedLine(read: InputsRead, cwd: string): string {
  if (read.skipped.length === 0) return '';
  return `skipped: ${read.skipped.map((s) => `${oneLine(displayFile({ file: s.file }, cwd))} (${s.reason})`).join('; ')}\n`;
}

function pluralize(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const FRAME_CONTEXT = 2;

/** Lines around `line` (1-based) with a `>` marker and a caret under `column`. */
function codeFrame(source: MaskedSource, line: number, column: number, paint: Paint): string[] {
  if (line < 1 || line > source.count) return [];
  const first = Math.max(1, line - FRAME_CONTEXT);
  const last = Math.min(source.count, line + FRAME_CONTEXT);
  const lines = source.lines(first, last);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = lines[n - first] ?? '';
    const text = printable(raw);
    const gutter = paint(`${String(n).padStart(width)} |`, 'dim');
    const marker = n === line ? paint('>', 'red', 'bold') : ' ';
    out.push(`    ${marker} ${gutter}${text ? ' ' + text : ''}`);
    if (n === line) {
      // Keep the source's tabs so the caret lands under the column in any tab width.
      const before = printable(raw.slice(0, Math.max(0, Math.min(column, raw.length + 1) - 1))).replace(/[^\t]/g, ' ');
      out.push(`      ${paint(`${' '.repeat(width)} |`, 'dim')} ${before}${paint('^', 'red', 'bold')}`);
    }
  }
  return out;
}

export const stylish: Reporter = (all: Finding[], ctx: ReportContext): string => {
  const findings = unsuppressed(all);
  const paint = ctx.color ? ansi : plain;
  if (findings.length === 0) return ctx.read ? `${paint(`✔ ${readSummary(ctx.read)}: no problems`, 'green')}\n${skippedLine(ctx.read, ctx.cwd)}` : '';
  const redactedSources = new Map<string, MaskedSource>();
  const sourceLines = ({ file, source }: Named): MaskedSource | undefined => {
    if (!inFile({ file, source })) return undefined;
    let masked = redactedSources.get(file);
    if (!masked) {
      const text = ctx.sources.get(file);
      if (text === undefined) return undefined;
      const lineCount = text.split('\n').length;
      // The file's final newline starts no line of its own.
      masked = { count: lineCount > 1 && /\n$/.test(text) ? lineCount - 1 : lineCount, lines: documentMasker(text) };
      redactedSources.set(file, masked);
    }
    return masked;
  };

  const out: string[] = [];
  let currentFile: string | undefined;
  for (const f of sortFindings(findings, ctx.cwd)) {
    const file = oneLine(displayFile(f.location, ctx.cwd));
    if (file !== currentFile) {
      if (currentFile !== undefined) out.push('');
      out.push(paint(file, 'underline'));
      currentFile = file;
    } else out.push('');
    const { line, column } = f.location;
    out.push(
      `  ${paint(`${line}:${column}`, 'dim')}  ${paint(f.severity, SEVERITY_STYLE[f.severity])}  ${oneLine(f.message)}  ${paint(f.ruleId, 'dim')}`,
    );
    if (f.location.fromDefault) {
      const what = f.location.valuesPath ? `${oneLine(f.location.valuesPath)} is not set in your values` : 'not set in your values';
      out.push(`    ${paint('(chart default)', 'cyan')} ${what}; pointing at the nearest key you wrote`);
    }
    const lines = sourceLines(f.location);
    if (lines) out.push(...codeFrame(lines, line, column, paint));
    const fix = firstParagraph(f.fix);
    if (fix) out.push(`    ${paint('fix:', 'green')} ${printable(fix)}`);
    for (const r of f.related) {
      const where = inFile(r) ? `${displayFile(r, ctx.cwd)}:${r.line}` : displayFile(r, ctx.cwd);
      out.push(`    ${paint('see', 'dim')} ${oneLine(where)}: ${oneLine(r.message)}`);
    }
  }
  const counts = countBySeverity(findings);
  const summary =
    `✖ ${pluralize(findings.length, 'problem')} ` +
    `(${pluralize(counts.errors, 'error')}, ${pluralize(counts.warnings, 'warning')}, ${pluralize(counts.infos, 'info')})`;
  const summaryColor = counts.errors > 0 ? 'red' : counts.warnings > 0 ? 'yellow' : 'cyan';
  out.push('', paint(summary, summaryColor, 'bold'));
  // What was read, when it is more than one file's one release.
  if (ctx.read && (ctx.read.releases > 1 || ctx.read.skipped.length > 0)) out.push(paint(readSummary(ctx.read), 'dim'));
  return out.join('\n') + '\n' + (ctx.read ? skippedLine(ctx.read, ctx.cwd) : '');
};
