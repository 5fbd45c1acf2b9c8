/**
 * Helm's --set / --set-string parser, case by case. Every expected value here was first observed
 * with the real helm v3.17.3 and v4.1.4 (test/helm-parity.test.ts runs many of them against both).
 */
import t, { type Test } from 'tap';
import { applySet, MAX_INDEX, MAX_NESTED_NAME_LEVEL, redactValues, typedVal } from '../src/load/helm-set.js';
import { InputError } from '../src/load/input-error.js';

function set(exprs: string | string[], options: { asString?: boolean; helm?: 3 | 4; into?: Record<string, unknown> } = {}) {
  const target = options.into ?? {};
  for (const expr of Array.isArray(exprs) ? exprs : [exprs]) applySet(target, expr, { asString: options.asString ?? false, helm: options.helm ?? 3 });
  return target;
}

function setError(t: Test, expr: string, options: { asString?: boolean; helm?: 3 | 4; into?: Record<string, unknown> } = {}): string {
  try {
    set(expr, options);
  } catch (err) {
    t.type(err, InputError);
    const message = (err as Error).message;
    t.ok(message.startsWith(`${options.asString ? '--set-string' : '--set'} ${redactValues(expr)}: `), 'names the --set argument');
    t.notMatch(message, /\n/, 'one line');
    return message;
  }
  t.fail(`expected --set ${expr} to fail`);
  return '';
}

t.test('typed values', async (t) => {
  const cases: [string, unknown][] = [
    ['true', true], ['TRUE', true], ['False', false], ['null', null], ['Null', null], ['falſe', false],
    ['0', 0], ['1', 1], ['-012', -12], ['+5', 5], ['-0', 0], ['+0', 0], ['9223372036854775807', 9223372036854775807],
    ['9223372036854775808', '9223372036854775808'], ['-9223372036854775809', '-9223372036854775809'],
    ['007', '007'], ['00', '00'], ['1.5', '1.5'], ['1.0', '1.0'], ['1e3', '1e3'], ['0x10', '0x10'], ['1_000', '1_000'],
    ['yes', 'yes'], ['on', 'on'], [' 1', ' 1'], ['-', '-'], ['+', '+'], ['', ''], ['９', '９'],
  ];
  for (const [text, value] of cases) t.strictSame(typedVal(text), value, JSON.stringify(text));
  t.strictSame(set('a=1,b=true,c=null,d=007'), { a: 1, b: true, c: null, d: '007' });
  t.strictSame(set('a=1,b=true,c=null,d=007', { asString: true }), { a: '1', b: 'true', c: 'null', d: '007' });
});

t.test('names: dots, escapes, list indexes', async (t) => {
  t.strictSame(set('a.b.c=1'), { a: { b: { c: 1 } } });
  t.strictSame(set('a\\.b=1'), { 'a.b': 1 });
  t.strictSame(set('podAnnotations.ad\\.datadoghq\\.com/agent\\.checks=x'), { podAnnotations: { 'ad.datadoghq.com/agent.checks': 'x' } });
  t.strictSame(set('a\\=b=1'), { 'a=b': 1 });
  t.strictSame(set('a\\\\b=1'), { 'a\\b': 1 });
  t.strictSame(set('a[0]=x'), { a: ['x'] });
  t.strictSame(set('a[2]=x'), { a: [null, null, 'x'] });
  t.strictSame(set('a[+1]=x'), { a: [null, 'x'] });
  t.strictSame(set('a[0].b=1,a[0].c=2'), { a: [{ b: 1, c: 2 }] });
  t.strictSame(set('a[0][1]=x'), { a: [[null, 'x']] });
  t.strictSame(set('a[1][0].b=x'), { a: [null, [{ b: 'x' }]] });
  t.strictSame(set('x[0].y[1].z=3,x[0].y[0]=q'), { x: [{ y: ['q', { z: 3 }] }] });
  t.strictSame(set('a[0]=1,a[0].b=2'), { a: [{ b: 2 }] }, 'a non-map item becomes a map');
  t.strictSame(set('a[0].b=1,a[0]=2'), { a: [2] });
  t.strictSame(set('a.b=1,a.c=2'), { a: { b: 1, c: 2 } });
  t.strictSame(set('a.b=1,a=2'), { a: 2 });
  t.strictSame(set(`${Array.from({ length: MAX_NESTED_NAME_LEVEL + 1 }, (_, i) => `k${i}`).join('.')}=1`).k0 !== undefined, true, '30 dots are fine');
});

t.test('values: lists, commas, equals signs, spaces, empty', async (t) => {
  t.strictSame(set('a={1,true,null,0,01}'), { a: [1, true, null, 0, '01'] });
  t.strictSame(set('a={1,true}', { asString: true }), { a: ['1', 'true'] });
  t.strictSame(set('a={}'), { a: [''] });
  t.strictSame(set('a[0]={}'), { a: [['']] });
  t.strictSame(set('a={x,y},b=2'), { a: ['x', 'y'], b: 2 });
  t.strictSame(set('a={1,2},a[3]=4'), { a: [1, 2, null, 4] });
  t.strictSame(set('a=x\\,y'), { a: 'x,y' });
  t.strictSame(set('a=b=c'), { a: 'b=c' });
  t.strictSame(set('a=x\\ny'), { a: 'xny' });
  t.strictSame(set('a=\\'), { a: '' });
  t.strictSame(set(' a = 1 '), { ' a ': ' 1 ' });
  t.strictSame(set('a=1 ,b=2'), { a: '1 ', b: 2 });
  t.strictSame(set('a='), { a: '' });
  t.strictSame(set('a=,b=2'), { a: '', b: 2 });
  t.strictSame(set('a=1,'), { a: 1 });
  t.strictSame(set('a[0]='), { a: [''] });
  t.strictSame(set('a[0]'), { a: [] }, 'an index with no value leaves an empty list');
  t.strictSame(set('=5'), {}, 'an empty name is silently ignored');
  t.strictSame(set('.a=1'), {});
});

t.test('JS-special names are plain keys', async (t) => {
  const v = set('__proto__.x=1,constructor=2');
  t.strictSame(Object.keys(v), ['__proto__', 'constructor']);
  t.strictSame(Object.getPrototypeOf(v), Object.prototype);
  t.equal(JSON.stringify(v), '{"__proto__":{"x":1},"constructor":2}');
});

t.test('the paths written', async (t) => {
  const target = {};
  t.strictSame(applySet(target, 'a.b=1,c[1].d=x,e={1,2},f\\.g=3', { asString: false }), [['a', 'b'], ['c', 1, 'd'], ['e'], ['f.g']]);
  t.strictSame(applySet({}, '.a=1,=2,b=3', { asString: false }), [['b']], 'nothing for empty names');
});

t.test('setting into values from files', async (t) => {
  const into = () => ({ a: 1, b: null, c: [1, 2], d: { x: 1 }, e: 's' });
  t.strictSame(set('c[1].x=5', { into: into() }).c, [1, { x: 5 }]);
  t.strictSame(set('c[3]=9', { into: into() }).c, [1, 2, null, 9]);
  t.strictSame(set('d.y=2', { into: into() }).d, { x: 1, y: 2 });
  t.strictSame(set('a=null', { into: into() }).a, null);
  t.match(setError(t, 'a.b=2', { into: into() }), /a is a number, not a map/);
  t.match(setError(t, 'b.c=2', { into: into() }), /b is null, not a map/);
  t.match(setError(t, 'c.x=1', { into: into() }), /c is a list, not a map/);
  t.match(setError(t, 'd[0]=1', { into: into() }), /d is a map, not a list/);
  t.match(setError(t, 'e[0]=1', { into: into() }), /e is a string, not a list/);
  t.match(setError(t, 'b[0]=1', { into: into() }), /b is null, not a list/);
  t.match(setError(t, 'c[0][0]=1', { into: into() }), /c\[0\] is a number, not a list/);
  t.match(setError(t, 'a=2,a.b=1'), /a is a number, not a map/);
  t.match(setError(t, 'a[0]=1,a.b=2'), /a is a list, not a map/);
});

t.test('syntax errors', async (t) => {
  t.match(setError(t, 'a'), /key "a" has no value$/);
  t.match(setError(t, 'a,b=1'), /key "a" has no value \(cannot end with ,\)/);
  t.match(setError(t, 'a={x}y'), /key "y" has no value/);
  t.match(setError(t, 'a=[1,2]'), /key "2\]" has no value/);
  t.match(setError(t, 'a..b=1'), /key map "a" has no value/);
  t.match(setError(t, 'a={a,b'), /list must terminate with '}'/);
  t.match(setError(t, 'a[-1]=1'), /negative -1 index not allowed/);
  t.match(setError(t, `a[${MAX_INDEX + 1}]=1`), /index of 65537 is greater than maximum supported index of 65536/);
  t.equal((set(`a[${MAX_INDEX}]=1`).a as unknown[]).length, MAX_INDEX + 1);
  t.match(setError(t, 'a[x]=1'), /error parsing index: the index is not an integer/);
  t.match(setError(t, 'a[]=1'), /not an integer/);
  t.match(setError(t, 'a[ 1]=1'), /not an integer/);
  t.match(setError(t, 'a[99999999999999999999]=1'), /out of range/);
  t.match(setError(t, 'a[0]b=1'), /unexpected data at end of array index/);
  t.match(setError(t, `${Array.from({ length: MAX_NESTED_NAME_LEVEL + 2 }, (_, i) => `k${i}`).join('.')}=1`), /nested level of 30/);
});

t.test('error messages show names, never values (they may be secrets)', async (t) => {
  t.equal(redactValues('a.b=secret,c[0]=x\\,y,d={1,2},e=f=g'), 'a.b=…,c[0]=…,d=…,e=…');
  t.equal(redactValues('a\\.b=1'), 'a\\.b=…');
  t.equal(redactValues('token[=Zq7Secret'), 'token[=…');
  const secret = 'Zq7Secret0123456789';
  for (const expr of [`token[=${secret}`, `token[0]=${secret},b`, `a={${secret}`, `a={x,${secret}`, `token.x=1`, `token[0]=1`]) {
    let message = '';
    try {
      set(expr, { into: { token: secret } });
    } catch (err) {
      message = (err as Error).message;
    }
    t.ok(message.length > 0, `${expr} fails`);
    t.notOk(message.includes(secret), `${expr}: no secret in "${message}"`);
  }
});

t.test('an index left open: an error in Helm 3, the end of the input in Helm 4', async (t) => {
  t.match(setError(t, 'a[0'), /error parsing index: EOF/);
  t.match(setError(t, 'b=1,a[0', { asString: true }), /error parsing index/);
  t.strictSame(set('a[0', { helm: 4 }), {});
  t.strictSame(set('b=1,a[0', { helm: 4 }), { b: 1 });
  t.strictSame(set('a[0][1', { helm: 4 }), { a: [] });
  t.strictSame(set('a[0].b[1', { helm: 4 }), { a: [] });
  t.strictSame(set('a[0]=1,a[1', { helm: 4 }), { a: [1] });
});
