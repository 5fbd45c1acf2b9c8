import t from 'tap';
import { isReportFormat, reportFormats, reporters } from '../src/report/index.js';
import { context, tokenFinding } from './helpers/findings.js';

t.test('each format loads its reporter on demand', async (t) => {
  t.same(reportFormats, ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'policyreport']);
  const stylish = await reporters.stylish();
  t.match(stylish([tokenFinding], context()), /^deploy\/values\.yaml\n  7:3  error  /);
  t.match((await reporters.json())([tokenFinding], context()), /^\{\n  "version": 1,/);
  t.match((await reporters.sarif())([tokenFinding], context()), /"version": "2.1.0"/);
  t.match((await reporters.junit())([tokenFinding], context()), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  t.match((await reporters.github())([tokenFinding], context()), /^::error file=deploy\/values\.yaml,line=7,col=3,/);
  t.match((await reporters.gitlab())([tokenFinding], context()), /^\[\n  \{\n    "description": /);
  t.match((await reporters.policyreport())([tokenFinding], context()), /^---\napiVersion: wgpolicyk8s\.io\/v1alpha2\nkind: ClusterPolicyReport\n/);
});

t.test('only own names are formats', async (t) => {
  for (const name of ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'policyreport']) t.equal(isReportFormat(name), true, name);
  for (const name of ['toString', '__proto__', 'constructor', 'checkstyle', 'JUnit', '']) t.equal(isReportFormat(name), false, name);
});
