import t from 'tap';
import { isReportFormat, reportFormats, reporters } from '../src/report/index.js';
import { context, tokenFinding } from './helpers/findings.js';

t.test('each format loads its reporter on demand', async (t) => {
  t.same(reportFormats, ['stylish', 'json', 'sarif']);
  const stylish = await reporters.stylish();
  t.match(stylish([tokenFinding], context()), /^deploy\/values\.yaml\n  7:3  error  /);
  t.match((await reporters.json())([tokenFinding], context()), /^\{\n  "version": 1,/);
  t.match((await reporters.sarif())([tokenFinding], context()), /"version": "2.1.0"/);
});

t.test('only own names are formats', async (t) => {
  t.equal(isReportFormat('sarif'), true);
  for (const name of ['toString', '__proto__', 'constructor', 'junit', '']) t.equal(isReportFormat(name), false, name);
});
