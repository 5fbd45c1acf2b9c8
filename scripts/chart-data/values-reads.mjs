// Follows `.Values` through a chart's templates: which values paths the templates read (known) and
// which sub-trees they hand over whole (open). See scripts/gen-chart-data.mjs for the rules.
import { parsePipeline, templateActions, tokenize } from './template-actions.mjs';

// What `.` / `$` / a variable can stand for.
const ROOT = { k: 'root' };
const OTHER = { k: 'other' };
const values = (path) => ({ k: 'values', path });
const union = (options) => {
  const flat = options.flatMap((o) => (o.k === 'union' ? o.options : [o])).filter((o) => o.k !== 'other');
  const seen = new Map(flat.map((o) => [JSON.stringify(o), o]));
  if (seen.size === 0) return OTHER;
  if (seen.size === 1) return [...seen.values()][0];
  return { k: 'union', options: [...seen.values()] };
};

/** Functions whose arguments are only looked at as scalars (or lists of scalars): reading is enough. */
const SCALAR_FNS = new Set(`
  quote squote eq ne lt le gt ge and or not empty len int int64 float64 atoi toString toStrings print printf println
  upper lower title untitle trim trimAll trimSuffix trimPrefix contains hasPrefix hasSuffix semverCompare semver regexMatch
  regexFind regexFindAll regexReplaceAll regexReplaceAllLiteral regexSplit mustRegexMatch replace b64enc b64dec sha256sum sha1sum
  adler32sum nindent indent trunc add add1 sub mul div mod max min floor ceil round fail split splitList splitn join sortAlpha
  has first last rest initial uniq without kindIs kindOf typeOf typeIs typeIsLike fromYaml fromJson fromYamlArray fromJsonArray
  randAlphaNum randAlpha randNumeric genCA genSignedCert genSelfSignedCert genPrivateKey buildCustomCert derivePassword
  htpasswd encryptAES decryptAES now date dateInZone toDate ago lookup cat nospace abbrev wrap wrapWith repeat substr
  snakecase camelcase kebabcase shuffle plural toDecimal seq until untilStep urlParse urlJoin base dir ext clean isAbs
  required hasKey mustHas append mustAppend prepend compact mustCompact
  ternary b32enc b32dec uuidv4 bool toBool mustFirst mustRest mustLast unixEpoch mustRegexFind mustWithout
`.split(/\s+/).filter(Boolean));
/** Functions that hand their argument over whole (its content is free-form). */
const OPEN_FNS = new Set(`
  toYaml toYamlPretty mustToYaml toJson mustToJson toPrettyJson mustToPrettyJson toRawJson mustToRawJson tpl deepCopy
  mustDeepCopy merge mergeOverwrite mustMerge mustMergeOverwrite pick omit concat coalesce values keys pluck dig
`.split(/\s+/).filter(Boolean));

export class ValuesReads {
  constructor() {
    this.known = new Map(); // key -> path
    this.open = new Map();
    this.defines = new Map(); // name -> [body]
    this.done = new Set();
    this.unhandled = new Set(); // function names met that neither list knows (opened conservatively)
  }

  /** Adds a chart's templates: [{ name, text }] (every file under templates/, NOTES.txt included). */
  scanChart(files) {
    const trees = files.map((f) => ({ name: f.name, tree: buildTree(templateActions(f.text), f.name) }));
    for (const { tree } of trees) this.collectDefines(tree);
    for (const { name, tree } of trees) {
      const base = name.split('/').pop();
      if (!base.startsWith('_')) this.run(tree, { dot: ROOT, dollar: ROOT, scopes: [new Map()] });
    }
  }

  collectDefines(nodes) {
    for (const n of nodes) {
      if (n.type !== 'block') continue;
      if (n.kind === 'define' || n.kind === 'block') {
        const name = parse(n.header).cmds[0]?.[0]?.v;
        if (typeof name === 'string') {
          if (!this.defines.has(name)) this.defines.set(name, []);
          this.defines.get(name).push(n.branches[0].body);
        }
      }
      for (const b of n.branches) this.collectDefines(b.body);
    }
  }

  /** Records a read path (its prefixes are known too: the generator adds them). */
  markKnown(path) {
    this.known.set(JSON.stringify(path), path);
  }

  markOpen(b) {
    if (b.k === 'values') {
      this.markKnown(b.path);
      this.open.set(JSON.stringify(b.path), b.path);
    } else if (b.k === 'union') b.options.forEach((o) => this.markOpen(o));
    else if (b.k === 'dict') Object.values(b.fields).forEach((o) => this.markOpen(o));
    else if (b.k === 'list') b.items.forEach((o) => this.markOpen(o));
    // the root context handed over (`tpl ... .`, `include (print ...) .`) gives its callee nothing but
    // what a template reads itself: the files are scanned on their own
  }

  field(b, key) {
    switch (b.k) {
      case 'root':
        return key === 'Values' ? values([]) : OTHER;
      case 'values': {
        const path = [...b.path, key];
        this.markKnown(path);
        return values(path);
      }
      case 'dict':
        return b.fields[key] ?? OTHER;
      case 'union':
        return union(b.options.map((o) => this.field(o, key)));
      default:
        return OTHER;
    }
  }

  fields(b, keys) {
    return keys.reduce((acc, k) => this.field(acc, k), b);
  }

  lookupVar(env, name) {
    if (name === '$') return env.dollar;
    for (let i = env.scopes.length - 1; i >= 0; i--) if (env.scopes[i].has(name)) return env.scopes[i].get(name);
    return OTHER;
  }

  operand(op, env) {
    switch (op.k) {
      case 'field':
        return this.fields(env.dot, op.fields);
      case 'var':
        return this.fields(this.lookupVar(env, op.name), op.fields);
      case 'group':
        return this.fields(this.pipe(op.pipe, env), op.fields);
      case 'ident':
        return ['true', 'false', 'nil'].includes(op.name) ? { k: 'lit', v: op.name } : this.call(op.name, [], env);
      default:
        return { k: 'lit', v: op.v };
    }
  }

  pipe(p, env) {
    let prev;
    for (const cmd of p.cmds) {
      const [head, ...rest] = cmd;
      if (head.k === 'ident' && !['true', 'false', 'nil'].includes(head.name)) {
        const args = rest.map((a) => this.operand(a, env));
        if (prev !== undefined) args.push(prev);
        prev = this.call(head.name, args, env);
      } else {
        prev = this.operand(head, env);
        rest.forEach((a) => this.operand(a, env));
      }
    }
    return prev ?? OTHER;
  }

  call(name, args, env) {
    const isLit = (a) => a.k === 'lit';
    switch (name) {
      case 'include':
      case 'template':
        if (isLit(args[0])) this.include(args[0].v, args[1] ?? OTHER);
        else args.forEach((a) => this.markOpen(a));
        return OTHER;
      case 'dict': {
        const fields = {};
        for (let i = 0; i < args.length; i += 2) {
          if (isLit(args[i])) fields[args[i].v] = args[i + 1] ?? OTHER;
          else if (args[i + 1]) this.markOpen(args[i + 1]);
        }
        return { k: 'dict', fields };
      }
      case 'list':
        return { k: 'list', items: args };
      case 'index':
      case 'get': {
        const [target, ...keys] = args;
        if (keys.every(isLit)) {
          if (target.k === 'list') return keys.length === 1 ? target.items[Number(keys[0].v)] ?? OTHER : OTHER;
          return this.fields(target, keys.map((k) => String(k.v)));
        }
        this.markOpen(target); // a key computed at render time: any key may be read
        return OTHER;
      }
      case 'hasKey':
        if (args[1] && isLit(args[1])) this.field(args[0], String(args[1].v));
        else if (args[0]) this.markOpen(args[0]);
        return OTHER;
      case 'dig': {
        const target = args[args.length - 1];
        const keys = args.slice(0, -2);
        if (keys.every(isLit)) return this.fields(target, keys.map((k) => String(k.v)));
        this.markOpen(target);
        return OTHER;
      }
      case 'default':
      case 'required':
        return union(args.slice(-1).concat(name === 'default' ? args.slice(0, -1) : []));
      case 'set':
      case 'unset':
        return args[0] ?? OTHER;
    }
    if (OPEN_FNS.has(name)) {
      args.forEach((a) => this.markOpen(a));
      return OTHER;
    }
    if (!SCALAR_FNS.has(name)) {
      this.unhandled.add(name);
      args.forEach((a) => this.markOpen(a));
    }
    return OTHER;
  }

  include(name, ctx) {
    const bodies = this.defines.get(name);
    if (!bodies) {
      this.markOpen(ctx); // a helper we cannot see (a library chart's): it may read anything below
      return;
    }
    const key = `${name}\u0000${JSON.stringify(ctx)}`;
    if (this.done.has(key)) return;
    this.done.add(key);
    for (const body of bodies) this.run(body, { dot: ctx, dollar: ctx, scopes: [new Map()] });
  }

  declare(env, decl, b, scope) {
    if (!decl) return;
    for (const v of decl.vars) {
      if (decl.op === ':=') scope.set(v, b);
      else {
        // `$x = ...` updates the nearest declaration; keep what it held too, branches may not run
        const owner = [...env.scopes].reverse().find((s) => s.has(v)) ?? scope;
        owner.set(v, union([owner.get(v) ?? OTHER, b]));
      }
    }
  }

  run(nodes, env) {
    for (const n of nodes) {
      if (n.type === 'action') {
        const p = parse(n.text);
        const b = this.pipe(p, env);
        this.declare(env, p.decl, b, env.scopes[env.scopes.length - 1]);
        continue;
      }
      if (n.kind === 'define') continue;
      if (n.kind === 'block') {
        const p = parse(n.header);
        this.include(p.cmds[0]?.[0]?.v, p.cmds[0]?.[1] ? this.operand(p.cmds[0][1], env) : OTHER);
        continue;
      }
      for (const br of n.branches) this.branch(br, env);
    }
  }

  branch(br, env) {
    const scope = new Map();
    const inner = { dot: env.dot, dollar: env.dollar, scopes: [...env.scopes, scope] };
    if (br.kind === 'else') return this.run(br.body, inner);
    const p = parse(br.header);
    const b = this.pipe(p, env);
    if (br.kind === 'with') {
      inner.dot = b;
      this.declare(inner, p.decl, b, scope);
    } else if (br.kind === 'range') {
      this.markOpen(b); // every key or item of it is read
      inner.dot = OTHER;
      if (p.decl) p.decl.vars.forEach((v) => scope.set(v, OTHER));
    } else this.declare(inner, p.decl, b, scope);
    this.run(br.body, inner);
  }
}

// The same actions come back in version after version: parse each text once.
const parsed = new Map();
function parse(text) {
  let p = parsed.get(text);
  if (!p) parsed.set(text, (p = parsePipeline(tokenize(text))));
  return p;
}

const KEYWORD = /^(if|with|range|define|block|else|end)\b\s*/;

/** Nests the actions: blocks hold branches ({ kind, header, body }) closed by `end`. */
function buildTree(actions, file) {
  const root = { body: [] };
  const stack = [{ node: null, branch: root }];
  for (const a of actions) {
    const m = KEYWORD.exec(a.text);
    const kw = m?.[1];
    const rest = m ? a.text.slice(m[0].length) : a.text;
    const top = stack[stack.length - 1];
    if (!kw) top.branch.body.push({ type: 'action', text: a.text });
    else if (kw === 'end') {
      if (stack.length > 1) stack.pop();
      else throw new Error(`${file}:${a.line}: unexpected {{ end }}`);
    } else if (kw === 'else') {
      const m2 = /^(if|with)\b\s*/.exec(rest);
      const branch = { kind: m2 ? m2[1] : 'else', header: m2 ? rest.slice(m2[0].length) : '', body: [] };
      // `else` of a `range`/`with` runs with the outer dot: it is its own branch
      top.node?.branches.push(branch);
      top.branch = branch;
    } else {
      const branch = { kind: kw, header: rest, body: [] };
      const node = { type: 'block', kind: kw, header: rest, branches: [branch] };
      top.branch.body.push(node);
      stack.push({ node, branch });
    }
  }
  return root.body;
}
