/**
 * What is secret (`isSecretKey`, `canHoldSecret`), how a secret is shown (`redacted`), and masking
 * by scanning text line by line: `--set key=value` arguments used as origins, and the fallback for
 * code frames of a text without a structure (one that does not parse as YAML, or text held inside
 * a string such as a check's config). Code frames of a text that parses are masked by its
 * structure (./mask-source.ts), which sees values this scanner cannot (a value on another line of
 * a flow mapping, a JSON Secret, the anchor an alias points at).
 * Findings never carry a secret by design; this covers the source text around them.
 *
 * A value is masked as `<redacted, N chars>` (N = characters as written, quotes excluded) when:
 * - its key looks like a secret (`isSecretKey`): apiKey, appKey, token, password, secret,
 *   credential, `*_KEY`, `*Key`..., case-insensitive;
 * - it is the `value` of an env entry whose `name` looks like a secret (`DD_API_KEY`);
 * - it sits under `data:` / `stringData:` of a `kind: Secret` document (base64 or not);
 * - it is a block scalar (`|`, `>`) or a multi-line scalar under such a key: every content line is masked.
 * Booleans, null and empty values are left alone: they cannot hold a secret.
 */

export function redacted(value: string): string {
  return `<redacted, ${value.length} chars>`;
}

/** Keys whose value names a secret rather than holding one (`apiKeyExistingSecret: datadog-secret`). */
const REFERENCE_SUFFIXES = ['existingsecret', 'secretname', 'secretref', 'keyref', 'path', 'file'];

/** Does this key (a YAML/JSON key, an env var name, the last segment of a values path) look like it holds a secret? */
export function isSecretKey(rawKey: string): boolean {
  const key = unquote(rawKey.trim());
  const flat = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (flat === '' || REFERENCE_SUFFIXES.some((suffix) => flat.endsWith(suffix))) return false;
  if (/apikey|appkey|token|passw(or)?d|secret|credential/.test(flat)) return true;
  // *_KEY, *-KEY, *.key (DD_API_KEY, tls-key) and camelCase *Key (privateKey); not `key` alone.
  return /.[-_.]key$/i.test(key) || /[a-z0-9]Key$/.test(key);
}

const NOT_SECRET_VALUES = /^(true|false|yes|no|on|off|null|~)$/i;

/** Whether a value as written could be a secret (not empty, not a boolean or null). */
export function canHoldSecret(value: string): boolean {
  return value !== '' && !NOT_SECRET_VALUES.test(value);
}

function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) return text.slice(1, -1);
  return text;
}

const BLOCK_INDICATOR = /^[|>][-+0-9]*\s*(#.*)?$/;
const COMMENT_ONLY = /^\s*(#.*)?$/;

interface KeyLine {
  /** Column (0-based) where the key starts: `- name:` in a list item gives the column of `name`. */
  column: number;
  key: string;
  /** Everything before the value (indent, dashes, key, colon, spaces). */
  head: string;
  rest: string;
}

/**
 * `key: value` at the start of a line (block mapping, list item `- key: value`, JSON's `"key": value`).
 * Scanned by index, not with a backtracking regex: a line can be long and is user input.
 */
function keyLine(line: string): KeyLine | undefined {
  let pos = 0;
  for (;;) {
    while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++;
    if (line[pos] === '-' && (line[pos + 1] === ' ' || line[pos + 1] === '\t')) pos++;
    else break;
  }
  const column = pos;
  let keyEnd: number;
  const first = line[pos];
  if (first === undefined) return undefined;
  if (first === '"' || first === "'") {
    const m = (first === '"' ? /^"(?:[^"\\]|\\.)*"/ : /^'(?:[^']|'')*'/).exec(line.slice(pos));
    if (!m) return undefined;
    keyEnd = pos + m[0].length;
  } else {
    if ('#{}[],:'.includes(first) || (first === '-' && line[pos + 1] === undefined)) return undefined;
    // A plain key ends at the first `:` followed by a space or the end of the line.
    let colon = line.indexOf(':', pos);
    while (colon >= 0 && colon + 1 < line.length && !/\s/.test(line[colon + 1]!)) colon = line.indexOf(':', colon + 1);
    if (colon < 0) return undefined;
    keyEnd = colon;
    while (keyEnd > pos && /\s/.test(line[keyEnd - 1]!)) keyEnd--;
    if (line.slice(pos, keyEnd).includes('#')) return undefined;
  }
  let colon = keyEnd;
  while (colon < line.length && (line[colon] === ' ' || line[colon] === '\t')) colon++;
  if (line[colon] !== ':' || (colon + 1 < line.length && !/\s/.test(line[colon + 1]!))) return undefined;
  let valueStart = colon + 1;
  while (valueStart < line.length && /\s/.test(line[valueStart]!)) valueStart++;
  return { column, key: unquote(line.slice(pos, keyEnd)), head: line.slice(0, valueStart), rest: line.slice(valueStart) };
}

/** A trailing ` # comment` removed (the whitespace before `#` too). */
function stripComment(text: string): string {
  const hash = /\s#/.exec(text);
  if (!hash) return text;
  let end = hash.index;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Mask a scalar written after a key: keeps quotes' trailing text (`",` in JSON) and a trailing
 * comment. Returns undefined when there is nothing to mask (empty, boolean, null).
 */
function maskScalar(rest: string): { text: string; open: boolean } | undefined {
  const trimmed = rest.trimEnd();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const quote = trimmed[0];
  if (quote === '"' || quote === "'") {
    const close = quote === '"' ? /^"(?:[^"\\]|\\.)*"/.exec(trimmed) : /^'(?:[^']|'')*'/.exec(trimmed);
    if (!close) return { text: redacted(trimmed.slice(1)), open: true }; // continues on the next lines
    const inner = close[0].slice(1, -1);
    if (inner === '' || NOT_SECRET_VALUES.test(inner)) return undefined;
    return { text: redacted(inner) + trimmed.slice(close[0].length), open: false };
  }
  const value = stripComment(trimmed);
  const after = trimmed.slice(value.length);
  if (NOT_SECRET_VALUES.test(value)) return undefined;
  // JSON: keep the separator after a bare value (`"port": 8126,`).
  const comma = /,\s*$/.exec(value);
  const bare = comma ? value.slice(0, comma.index) : value;
  return { text: redacted(bare) + (comma ? comma[0] : '') + after, open: false };
}

/** Mask secret values inside flow mappings on one line: `{name: DD_API_KEY, value: abc}`, `{"token": "abc"}`. */
function maskFlowMappings(line: string): string {
  return line.replace(/\{[^{}]*\}/g, (map) => {
    const pairs = splitTopLevel(map.slice(1, -1), ',');
    const parsed = pairs.map(splitPair);
    const secretName = parsed.some((p) => p && unquote(p.key.trim()) === 'name' && isSecretKey(p.value));
    const out = parsed.map((p, i) => {
      if (!p) return pairs[i]!;
      const key = unquote(p.key.trim());
      if (!(isSecretKey(key) || (secretName && key === 'value'))) return pairs[i]!;
      const inner = unquote(p.value);
      if (inner === '' || NOT_SECRET_VALUES.test(inner)) return pairs[i]!;
      return p.lead + p.key + p.sep + redacted(inner) + p.tail;
    });
    return `{${out.join(',')}}`;
  });
}

/** `  key : value ` → its parts (by index scanning, no backtracking regex: lines can be long). */
function splitPair(pair: string): { lead: string; key: string; sep: string; value: string; tail: string } | undefined {
  const start = pair.length - pair.trimStart().length;
  let colon: number;
  const quote = pair[start];
  if (quote === '"' || quote === "'") {
    const m = (quote === '"' ? /^"(?:[^"\\]|\\.)*"/ : /^'(?:[^']|'')*'/).exec(pair.slice(start));
    if (!m) return undefined;
    colon = pair.indexOf(':', start + m[0].length);
  } else colon = pair.indexOf(':', start);
  if (colon < 0) return undefined;
  const key = pair.slice(start, colon).trimEnd();
  const after = pair.slice(colon + 1);
  const valueStart = colon + 1 + (after.length - after.trimStart().length);
  const valueEnd = pair.trimEnd().length;
  return {
    lead: pair.slice(0, start),
    key,
    sep: pair.slice(start + key.length, valueStart),
    value: pair.slice(valueStart, Math.max(valueStart, valueEnd)),
    tail: pair.slice(Math.max(valueStart, valueEnd)),
  };
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Lines (0-based) holding the `value` of an env entry whose `name` looks like a secret, either
 * order (`- name: DD_API_KEY` / `value: ...`). One pass, linear: a mapping is the run of keys at
 * the same column, and a list item (`- `) starts a new one.
 */
function secretEnvValues(lines: readonly string[]): Set<number> {
  const stack: { column: number; id: number }[] = [];
  const secretMappings = new Set<number>();
  const valueLines: [line: number, mapping: number][] = [];
  let nextId = 0;
  lines.forEach((line, i) => {
    if (COMMENT_ONLY.test(line)) return;
    const k = keyLine(line);
    const column = k ? k.column : indentOf(line);
    while (stack.length > 0 && stack[stack.length - 1]!.column > column) stack.pop();
    if (!k) return;
    let top = stack[stack.length - 1];
    if (!top || top.column < column || /^\s*-\s/.test(line)) {
      if (top && top.column === column) stack.pop();
      top = { column, id: nextId++ };
      stack.push(top);
    }
    if (k.key === 'name' && isSecretKey(stripComment(k.rest).replace(/,\s*$/, ''))) secretMappings.add(top.id);
    if (k.key === 'value') valueLines.push([i, top.id]);
  });
  return new Set(valueLines.filter(([, id]) => secretMappings.has(id)).map(([line]) => line));
}

/** Secret manifests' `data:` / `stringData:` lines (0-based indexes), whose children are all secret. */
function secretDataBlocks(lines: readonly string[]): Set<number> {
  const blocks = new Set<number>();
  let docStart = 0;
  const flush = (end: number) => {
    const doc = lines.slice(docStart, end);
    if (!doc.some((line) => /^kind:\s*["']?Secret["']?\s*(#.*)?$/.test(line))) return;
    doc.forEach((line, i) => {
      if (/^(data|stringData):\s*(#.*)?$/.test(line)) blocks.add(docStart + i);
    });
  };
  lines.forEach((line, i) => {
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      flush(i);
      docStart = i + 1;
    }
  });
  flush(lines.length);
  return blocks;
}

/**
 * The lines of a YAML (or JSON) text with secret-looking values masked; same number of lines,
 * everything else unchanged. Run it over a whole file: a block scalar's key may sit above the frame.
 */
export function redactLines(lines: readonly string[]): string[] {
  const out = [...lines];
  const secretData = secretDataBlocks(lines);
  const envSecrets = secretEnvValues(lines);
  /** An open secret: lines indented deeper than `indent` belong to it. */
  let pending: { indent: number; mode: 'content' | 'after-key' | 'secret-children' } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (pending) {
      const blank = line.trim() === '';
      const deeper = indentOf(line) > pending.indent;
      const sameIndentItem = /^\s*-(\s|$)/.test(line) && indentOf(line) === pending.indent;
      if (pending.mode === 'content') {
        if (blank) continue;
        if (deeper) {
          out[i] = ' '.repeat(indentOf(line)) + redacted(line.trim());
          continue;
        }
      } else if (pending.mode === 'after-key') {
        if (COMMENT_ONLY.test(line)) continue;
        if (deeper || sameIndentItem) {
          const item = /^(\s*-\s+)(.*)$/.exec(line);
          if (item && !keyLine(line)) {
            const masked = maskScalar(item[2]!);
            if (masked) out[i] = item[1] + masked.text;
            continue; // a list of secrets: each scalar item is masked
          }
          if (!item && !keyLine(line)) {
            pending = { indent: pending.indent, mode: 'content' }; // plain scalar on the next lines
            out[i] = ' '.repeat(indentOf(line)) + redacted(line.trim());
            continue;
          }
          pending = undefined; // a nested mapping: each key is judged on its own
        } else pending = undefined;
      } else if (pending.mode === 'secret-children') {
        if (COMMENT_ONLY.test(line)) continue;
        if (deeper) {
          const k = keyLine(line);
          if (!k) out[i] = ' '.repeat(indentOf(line)) + redacted(line.trim());
          else {
            const masked = maskScalar(k.rest);
            if (masked) out[i] = k.head + masked.text;
            else if (BLOCK_INDICATOR.test(k.rest.trim()) || k.rest.trim() === '') {
              // `key: |` inside a Secret's data: the following deeper lines are the value.
              let j = i + 1;
              while (j < lines.length && (lines[j]!.trim() === '' || indentOf(lines[j]!) > indentOf(line))) {
                if (lines[j]!.trim() !== '') out[j] = ' '.repeat(indentOf(lines[j]!)) + redacted(lines[j]!.trim());
                j++;
              }
              i = j - 1;
            }
          }
          continue;
        }
        pending = undefined;
      }
      pending = undefined;
    }
    if (secretData.has(i)) {
      pending = { indent: indentOf(line), mode: 'secret-children' };
      continue;
    }
    const k = keyLine(line);
    if (!k) {
      out[i] = maskFlowMappings(line);
      continue;
    }
    if (isSecretKey(k.key) || envSecrets.has(i)) {
      const rest = k.rest.trim();
      if (BLOCK_INDICATOR.test(rest)) {
        pending = { indent: k.column, mode: 'content' };
      } else if (rest === '' || rest.startsWith('#')) {
        pending = { indent: k.column, mode: 'after-key' };
      } else if (rest.startsWith('{') || rest.startsWith('[')) {
        out[i] = k.head + redacted(stripComment(rest).replace(/,$/, '')) + (rest.endsWith(',') ? ',' : '');
      } else {
        const masked = maskScalar(k.rest);
        if (masked) {
          out[i] = k.head + masked.text;
          if (masked.open) pending = { indent: k.column, mode: 'content' };
        }
      }
      continue;
    }
    out[i] = k.head + maskFlowMappings(k.rest);
  }
  return out;
}

/** `redactLines` over a whole text; returns its lines (split on LF or CRLF). */
export function redactSource(text: string): string[] {
  return redactLines(text.split(/\r?\n/));
}

/**
 * An origin that is a `--set` / `--set-string` argument (`--set a=1,datadog.apiKey=abc`): mask the
 * value of every assignment whose key looks like a secret, or that sets an env entry's `value`
 * next to a secret-looking `name`. Any other text is returned unchanged.
 */
export function redactSetArgument(text: string): string {
  const m = /^(--set(?:-string|-json|-literal|-file)?[ =])(.*)$/s.exec(text);
  if (!m) return text;
  const [, flag, expr] = m as unknown as [string, string, string];
  const assignments = splitSetExpr(expr).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? { part, path: '', value: '' } : { part, path: part.slice(0, eq), value: part.slice(eq + 1) };
  });
  const lastSegment = (path: string) => path.replace(/\[\d+\]$/, '').split('.').pop() ?? '';
  const parent = (path: string) => path.slice(0, path.length - lastSegment(path).length);
  const secretNames = new Set(
    assignments.filter((a) => lastSegment(a.path) === 'name' && isSecretKey(a.value)).map((a) => parent(a.path)),
  );
  const masked = assignments.map((a) => {
    if (a.path === '' || a.value === '' || NOT_SECRET_VALUES.test(a.value) || MASK_EXACT.test(a.value)) return a.part;
    const last = lastSegment(a.path);
    if (isSecretKey(last) || (last === 'value' && secretNames.has(parent(a.path)))) return `${a.path}=${redacted(a.value)}`;
    return a.part;
  });
  return flag + masked.join(',');
}

// An argument the loader already masked is masked again before output: a mask stays as it is.
const MASK_EXACT = /^<redacted, \d+ chars>$/;
const MASK_AT = /<redacted, \d+ chars>/y;

/**
 * Helm's --set splits assignments on commas that are not escaped (`\,`) nor inside `{a,b}` lists;
 * the comma inside a mask `<redacted, N chars>` does not split either.
 */
function splitSetExpr(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    MASK_AT.lastIndex = i;
    if (c === '\\') i++;
    else if (c === '<' && MASK_AT.test(expr)) i = MASK_AT.lastIndex - 1;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}
