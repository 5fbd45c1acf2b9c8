/**
 * The values-file reader, case by case. Every expected value here was first observed with the real
 * helm v3.17.3 and v4.1.4 (test/helm-parity.test.ts keeps checking the same inputs against them).
 */
import t, { type Test } from 'tap';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { helmKey } from '../src/load/helm-yaml-scalars.js';
import { formatFloat32 } from '../src/load/go-numbers.js';
import { MAX_ALIAS_COUNT } from '../src/load/limits.js';
import { InputError } from '../src/load/input-error.js';
import { pathKey } from '../src/load/path.js';

const read = (text: string, helm: 3 | 4 = 3) => parseHelmYaml('values.yaml', text, { helm }).value;

/** The InputError `fn` throws (fails the test when it throws nothing or something else). */
function inputError(t: Test, fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    t.type(err, InputError);
    const message = (err as Error).message;
    t.notMatch(message, /\n/, 'one line');
    return message;
  }
  t.fail('expected an InputError');
  return '';
}

t.test('YAML 1.1 booleans and nulls, as go-yaml v2 reads them', async (t) => {
  t.strictSame(
    read('a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: Y\nh: True\ni: tRue\nj: ~\nk: Null\nl:\nm: ""\np: "yes"\no: nO\n'),
    { a: true, b: false, c: true, d: false, e: true, f: false, g: true, h: true, i: 'tRue', j: null, k: null, l: null, m: '', p: 'yes', o: 'nO' },
  );
});

t.test('numbers: octal, hex, binary, underscores, floats, out of range', async (t) => {
  t.strictSame(
    read(
      'o1: 012\no2: 0o12\no3: 08\no4: 0x1F\no5: 0b101\no6: 1_000\no7: +12\no8: -0b11\no9: 0_12\n' +
        'f1: 1e3\nf2: .5\nf3: 1.\nf4: -1.5E-2\nf5: 1e400\nf6: 09.5\nf7: 6.0\n' +
        'b1: 12345678901234567890\nb2: 0xFFFFFFFFFFFFFFFFFF\nb3: 0777777777777777777777777\nb4: -9223372036854775808\n',
    ),
    {
      o1: 10, o2: 10, o3: 8, o4: 31, o5: 5, o6: 1000, o7: 12, o8: -3, o9: 10,
      f1: 1000, f2: 0.5, f3: 1, f4: -0.015, f5: '1e400', f6: 9.5, f7: 6,
      b1: 12345678901234567000, b2: '0xFFFFFFFFFFFFFFFFFF', b3: 7.777777777777778e23, b4: -9223372036854775808,
    },
  );
});

t.test('timestamps stay the text they were written as', async (t) => {
  t.strictSame(read('a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: 2001-12-14 21:59:43.10 -5\nd: 2024-1-5\n'), {
    a: '2001-12-14t21:59:43.10-05:00',
    b: '2002-12-14',
    c: '2001-12-14 21:59:43.10 -5',
    d: '2024-1-5',
  });
});

t.test('tags', async (t) => {
  t.strictSame(
    read('a: !!int "12"\nb: !!float 1\nc: !!bool yes\nd: !!null ~\ne: !foo bar\nf: !!timestamp 2001-01-01\ng: ! 12\nh: !!str\ni: !!float "1e3"\nj: !!binary |\n  aGVs\n  bG8=\nk: !!str 0x10\n'),
    { a: 12, b: 1, c: true, d: null, e: 'bar', f: '2001-01-01', g: '12', h: '', i: 1000, j: 'hello', k: '0x10' },
  );
  t.match(inputError(t, () => read('a: 1\nb: !!int abc\n')), /^values\.yaml:2:10: invalid YAML: cannot decode a !!str as a !!int$/);
  t.match(inputError(t, () => read('a: !!null x\n')), /cannot decode a !!str as a !!null/);
  t.match(inputError(t, () => read('a: !!binary "not base64!"\n')), /invalid base64/);
});

t.test('keys become JSON strings as sigs.k8s.io/yaml makes them', async (t) => {
  t.strictSame(Object.keys(read('on: 1\ny: 2\n1: a\n0x10: b\n1.5: c\n1e6: d\n1.23456789: e\n-0.0: f\nNo: g\n.inf: h\n')).sort(), [
    '-0', '.inf', '1', '1.2345679', '1.5', '16', '1e+06', 'false', 'true',
  ]);
  t.equal(read('on: 1\ny: 2\n').true, 2, 'on and y are the same key: the last wins');
  t.match(inputError(t, () => read('a: 1\n~: 2\n')), /^values\.yaml:2:1: .*null key/);
  t.match(inputError(t, () => read('null: 2\n')), /null key/);
  t.match(inputError(t, () => read('12345678901234567890: a\n')), /uint64/);
  t.match(inputError(t, () => read('? [a]\n: 1\n')), /map or list cannot be a key/);
});

t.test('float keys are printed as float32 with %g', async (t) => {
  const cases: [number, string][] = [
    [0.1, '0.1'], [1.23456789, '1.2345679'], [1e10, '1e+10'], [1e-5, '1e-05'], [123456.7, '123456.7'], [1234567, '1.234567e+06'],
    [1e6, '1e+06'], [100000, '100000'], [0.0001, '0.0001'], [-0, '-0'], [3, '3'], [1e39, '.inf'], [-2.5, '-2.5'], [NaN, '.nan'],
  ];
  for (const [value, text] of cases) t.equal(formatFloat32(value), text, String(value));
  t.equal(helmKey(null), 'null');
  t.equal(helmKey(true), 'true');
  t.equal(helmKey(7), '7');
  t.equal(helmKey(1.5), '1.5');
});

t.test('NaN and infinities cannot become JSON', async (t) => {
  t.match(inputError(t, () => read('a:\n  b: .nan\n')), /^values\.yaml:2:6: .*NaN/);
  t.match(inputError(t, () => read('a: -.Inf\n')), /-Inf/);
});

t.test('merge keys follow go-yaml v2: applied where the << stands, earlier maps of a list win', async (t) => {
  const v = read(
    'base: &b {x: 1, k: 1}\nother: &o {x: 3, z: 3}\nm1:\n  x: 2\n  <<: *b\nm2:\n  <<: *b\n  x: 2\nm3:\n  <<: [*b, *o]\nm4:\n  <<: [*o, *b]\n  k: 9\nm5:\n  "<<": 1\nm6:\n  <<: {p: 1}\n',
  );
  t.strictSame(v.m1, { x: 1, k: 1 });
  t.strictSame(v.m2, { x: 2, k: 1 });
  t.strictSame(v.m3, { x: 1, k: 1, z: 3 });
  t.strictSame(v.m4, { x: 3, z: 3, k: 9 });
  t.strictSame(v.m5, { '<<': 1 }, 'a quoted << is a plain key');
  t.strictSame(v.m6, { p: 1 });
  t.match(inputError(t, () => read('a: &a 1\nm:\n  <<: *a\n')), /map merge requires map/);
  t.match(inputError(t, () => read('m:\n  <<: [1]\n')), /map merge requires map/);
});

t.test('anchors and aliases', async (t) => {
  const v = read('l: &l [1, {a: 2}]\nm: *l\nk: &k key\n*k : 3\n');
  t.strictSame(v, { l: [1, { a: 2 }], m: [1, { a: 2 }], k: 'key', key: 3 });
  t.not(v.l, v.m, 'an alias is a copy');
  t.match(inputError(t, () => read('a: *nope\n')), /^values\.yaml:1:4: invalid YAML: unknown anchor 'nope' referenced$/);
  t.match(inputError(t, () => read('a: &a [*a]\n')), /anchor 'a' value contains itself/);
});

t.test('an alias bomb is stopped by MAX_ALIAS_COUNT', async (t) => {
  let text = 'l0: &l0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  const message = inputError(t, () => read(text));
  t.match(message, new RegExp(`^values\\.yaml:\\d+:\\d+: too many alias expansions \\(more than ${MAX_ALIAS_COUNT}\\)`));
  t.match(message, /alias bomb/);
  // Up to the limit is fine.
  const many = 'a: &a {x: 1}\n' + Array.from({ length: MAX_ALIAS_COUNT }, (_, i) => `k${i}: *a\n`).join('');
  t.equal(Object.keys(read(many)).length, MAX_ALIAS_COUNT + 1);
  t.match(inputError(t, () => read(many + 'over: *a\n')), /too many alias expansions/);
});

t.test('duplicate keys: the last one wins whole, and is recorded', async (t) => {
  const parsed = parseHelmYaml('v.yaml', 'a: 1\nm:\n  k: {p: 1}\n  k: {q: 2}\na: 2\n');
  t.strictSame(parsed.value, { a: 2, m: { k: { q: 2 } } });
  t.strictSame(
    parsed.duplicates.map((d) => [d.path, d.first.line, d.second.line]),
    [
      [['m', 'k'], 3, 4],
      [['a'], 1, 5],
    ],
  );
  t.equal(parsed.locations.get(pathKey(['m', 'k', 'p'])), undefined, 'the replaced map leaves no locations behind');
  t.equal(parsed.locations.get(pathKey(['m', 'k', 'q']))?.line, 4);
});

t.test('locations of keys and list items, and of values that came through an alias', async (t) => {
  const parsed = parseHelmYaml('v.yaml', 'datadog:\n  env:\n    - name: A\n      value: "1"\n  tags: &t [x]\nother: *t\n');
  const line = (path: (string | number)[]) => parsed.locations.get(pathKey(path));
  t.match(line(['datadog']), { file: 'v.yaml', line: 1, column: 1 });
  t.match(line(['datadog', 'env', 0]), { line: 3, column: 7 });
  t.match(line(['datadog', 'env', 0, 'value']), { line: 4, column: 7 });
  t.match(line(['other']), { line: 6, column: 1 });
  t.match(line(['other', 0]), { line: 6, column: 8 }, 'inside an alias: the alias itself');
});

t.test('a JS-special key is a plain key', async (t) => {
  const v = read('__proto__: {a: 1}\nconstructor: 1\ntoString: x\n');
  t.strictSame(Object.keys(v), ['__proto__', 'constructor', 'toString']);
  t.strictSame(Object.getPrototypeOf(v), Object.prototype);
  t.strictSame(JSON.parse(JSON.stringify(v)), JSON.parse('{"__proto__":{"a":1},"constructor":1,"toString":"x"}'));
});

t.test('the top level must be a map', async (t) => {
  t.strictSame(read(''), {});
  t.strictSame(read('# only a comment\n'), {});
  t.strictSame(read('~\n'), {});
  t.match(inputError(t, () => read('- a\n- b\n')), /^values\.yaml:1:1: a values file must be a map at the top level, not a list/);
  t.match(inputError(t, () => read('hello\n')), /not a string/);
});

t.test('escapes: go-yaml v2 has no \\/', async (t) => {
  t.strictSame(read('a: "\\x41\\N\\_\\e\\t\\u00e9\\\\\\""\n'), { a: 'A\u0085\u00a0\u001b\té\\"' });
  t.match(inputError(t, () => read('a: 1\nb: "x\\/y"\n')), /^values\.yaml:2:6: invalid YAML: found unknown escape character "\\\/"/);
  t.strictSame(read("a: 'x\\/y'\n"), { a: 'x\\/y' }, 'single quotes have no escapes');
});

t.test('bad YAML is an InputError with file:line:col', async (t) => {
  t.match(inputError(t, () => parseHelmYaml('deploy/values.yaml', 'a: 1\nb: [1, 2\nc: 3\n')), /^deploy\/values\.yaml:\d+:\d+: invalid YAML: /);
  t.match(inputError(t, () => parseHelmYaml('v.yaml', 'a:\n  b: 1\n c: 2\n')), /^v\.yaml:3:\d+: invalid YAML: /);
  t.match(inputError(t, () => parseHelmYaml('v.yaml', 'a:\n\tb: 1\n')), /^v\.yaml:2:1: invalid YAML: /);
});

t.test('documents: Helm 3 reads the first one, Helm 4 merges them all', async (t) => {
  const text = 'a: {x: 1}\nl: [1]\n---\na: {z: 2}\nl: [2]\n';
  t.strictSame(read(text, 3), { a: { x: 1 }, l: [1] });
  t.strictSame(read(text, 4), { a: { x: 1, z: 2 }, l: [2] });
  t.strictSame(read('---\n---\na: 1\n', 3), {});
  t.strictSame(read('---\n---\na: 1\n', 4), { a: 1 });
  t.strictSame(read('a: {x: 1}\n---\na: null\n', 4), { a: null });
  t.strictSame(read('a: 1\n...\nb: 2\n', 4), { a: 1 }, '... ends the document, and Helm 4 only splits at ---');
  t.strictSame(read('a: 1\n--- # next\nb: 2\n', 4), { a: 1, b: 2 });
  // Helm 3 never looks past the first document, even at broken YAML.
  t.strictSame(read('a: 1\n---\nb: [\n', 3), { a: 1 });
  t.match(inputError(t, () => read('a: 1\n---\nb: [\n', 4)), /^values\.yaml:\d+:\d+: invalid YAML/);
  t.match(inputError(t, () => read('a: 1\n--- {b: 2}\n', 4)), /^values\.yaml:2:1: invalid YAML document separator/);
  t.strictSame(read('a: 1\n--- {b: 2}\n', 3), { a: 1 });
  t.match(inputError(t, () => read('a: 1\n---\n- x\n', 4)), /^values\.yaml:3:1: a values file must be a map/);
  t.match(inputError(t, () => read('x: &a 1\n---\ny: *a\n', 4)), /^values\.yaml:3:4: invalid YAML: unknown anchor 'a'/);
  t.match(inputError(t, () => read('%YAML 1.1\n---\na: 1\n', 4)), /directive/);
  t.strictSame(read('%YAML 1.1\n---\na: 1\n', 3), { a: 1 });
  const parsed = parseHelmYaml('v.yaml', 'a: {x: 1}\n---\n\na: {z: 2}\n', { helm: 4 });
  t.match(parsed.locations.get(pathKey(['a', 'z'])), { line: 4, column: 5 }, 'lines count from the top of the file');
  t.match(parsed.locations.get(pathKey(['a', 'x'])), { line: 1 });
});
