/** goString prints values as Go's %v does, and never throws on a map or list a user wrote where a string belongs. */
import t from 'tap';
import { goString } from '../src/model/from-values/go-truthy.js';

t.equal(goString(8126), '8126');
t.equal(goString(1000000), '1e+06');
t.equal(goString(null), '');
t.equal(goString(['a', 2]), '[a 2]');
// An object whose toString is not a function (a values key named toString) made String() throw.
t.equal(goString({ toString: null, b: 'x' }), 'map[b:x toString:]');
