// Splits Go template text into its `{{ ... }}` actions and parses each action's pipeline into a
// small syntax tree (enough of text/template's grammar to follow where `.Values` goes).

/** The actions of a template, in order: [{ text, line }] with trim markers and comments dropped. */
export function templateActions(text) {
  const actions = [];
  let i = 0;
  let line = 1;
  let counted = 0;
  while ((i = text.indexOf('{{', i)) !== -1) {
    let j = i + 2;
    let quote = null;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === '`' || c === "'") quote = c;
      else if (c === '/' && text[j + 1] === '*') j = Math.max(text.indexOf('*/', j + 2), j) + 1;
      else if (c === '}' && text[j + 1] === '}') break;
    }
    let inner = text.slice(i + 2, j).replace(/^-\s/, '').replace(/\s-$/, '').trim();
    for (; counted < i; counted++) if (text.charCodeAt(counted) === 10) line++;
    if (!inner.startsWith('/*')) actions.push({ text: inner, line });
    i = j + 2;
  }
  return actions;
}

const SINGLE = new Set(['(', ')', '|', ',']);

/** Tokens of one action: { t: 'str'|'num'|'var'|'field'|'ident'|'op'|'chain', v }. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (SINGLE.has(c)) { out.push({ t: 'op', v: c }); i++; continue; }
    if (c === ':' && src[i + 1] === '=') { out.push({ t: 'op', v: ':=' }); i += 2; continue; }
    if (c === '=') { out.push({ t: 'op', v: '=' }); i++; continue; }
    if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      let s = '';
      for (; j < src.length && src[j] !== c; j++) {
        if (c === '"' && src[j] === '\\') { s += src[++j]; continue; }
        s += src[j];
      }
      out.push({ t: c === "'" ? 'num' : 'str', v: s });
      i = j + 1;
      continue;
    }
    const m = /^(\$[A-Za-z0-9_]*|\.[A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*|[-+]?[0-9][0-9a-fA-FxXoObB_.eE+-]*)((?:\.[A-Za-z0-9_]+)*)/.exec(src.slice(i));
    if (!m) { out.push({ t: 'op', v: c }); i++; continue; }
    const head = m[1];
    const fields = m[2] ? m[2].slice(1).split('.') : [];
    if (head.startsWith('$')) out.push({ t: 'var', v: head, fields });
    else if (head.startsWith('.')) {
      // `.` alone, or `.a.b`: a field chain on dot; a `.x` right after `)` chains on that group.
      const chain = head === '.' ? fields : [head.slice(1), ...fields];
      const prev = out[out.length - 1];
      if (prev && prev.t === 'op' && prev.v === ')' && src[i - 1] === ')') out.push({ t: 'chain', fields: chain });
      else out.push({ t: 'field', fields: chain });
    } else if (/^[-+0-9]/.test(head)) out.push({ t: 'num', v: head });
    else out.push({ t: 'ident', v: head, fields });
    i += m[0].length;
  }
  return out;
}

/**
 * Parses a pipeline: { decl: { vars, op } | null, cmds: [[operand...]] }. Operands:
 * { k: 'field', fields } (on dot), { k: 'var', name, fields }, { k: 'ident', name },
 * { k: 'lit', v }, { k: 'group', pipe, fields }.
 */
export function parsePipeline(tokens) {
  let pos = 0;
  const peek = () => tokens[pos];
  function pipeline(stopAtParen) {
    let decl = null;
    // `$x :=`, `$x =`, `$k, $v :=`
    const save = pos;
    const vars = [];
    while (peek()?.t === 'var' && peek().fields.length === 0) {
      vars.push(tokens[pos++].v);
      if (peek()?.t === 'op' && peek().v === ',') { pos++; continue; }
      break;
    }
    if (vars.length && peek()?.t === 'op' && (peek().v === ':=' || peek().v === '=')) decl = { vars, op: tokens[pos++].v };
    else pos = save;
    const cmds = [[]];
    while (pos < tokens.length) {
      const tok = peek();
      if (tok.t === 'op' && tok.v === ')') {
        if (stopAtParen) break;
        pos++;
        continue;
      }
      pos++;
      if (tok.t === 'op' && tok.v === '|') { cmds.push([]); continue; }
      const cmd = cmds[cmds.length - 1];
      if (tok.t === 'op' && tok.v === '(') {
        const inner = pipeline(true);
        pos++; // ')'
        const chain = peek()?.t === 'chain' ? tokens[pos++].fields : [];
        cmd.push({ k: 'group', pipe: inner, fields: chain });
      } else if (tok.t === 'field') cmd.push({ k: 'field', fields: tok.fields });
      else if (tok.t === 'var') cmd.push({ k: 'var', name: tok.v, fields: tok.fields });
      else if (tok.t === 'ident') cmd.push(tok.fields.length ? { k: 'lit', v: tok.v } : { k: 'ident', name: tok.v });
      else if (tok.t === 'str' || tok.t === 'num') cmd.push({ k: 'lit', v: tok.v });
      else if (tok.t === 'chain') cmd.push({ k: 'field', fields: tok.fields });
    }
    return { decl, cmds: cmds.filter((c) => c.length) };
  }
  return pipeline(false);
}
