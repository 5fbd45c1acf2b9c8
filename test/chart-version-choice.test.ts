/** The chart version a release is modelled with: told, else its input's (ranges resolved as Helm does), else the newest. */
import t from 'tap';
import { chooseChartVersion } from '../src/chart/version-choice.js';
import { newestChartVersion } from '../src/chart/history.js';

t.test('--chart-version or the config wins over what the input deploys', async (t) => {
  t.same(chooseChartVersion('3.123.3', '3.240.0', 'app.yaml'), { version: '3.123.3' });
});

t.test("the input's version, exact or a range, resolved to the highest bundled match", async (t) => {
  t.same(chooseChartVersion(undefined, '3.123.3', 'app.yaml'), { version: '3.123.3' });
  t.same(chooseChartVersion(undefined, 'v3.123.3', 'app.yaml'), { version: '3.123.3' });
  t.same(chooseChartVersion(undefined, '~3.123.0', 'app.yaml'), { version: '3.123.3' });
  t.same(chooseChartVersion(undefined, '>=3.0.0 <3.124.0', 'app.yaml').version, '3.123.3');
  t.same(chooseChartVersion(undefined, '*', 'app.yaml'), { version: newestChartVersion() });
});

t.test('nothing said: the newest', async (t) => {
  t.same(chooseChartVersion(undefined, undefined, 'values.yaml'), { version: newestChartVersion() });
});

t.test('a version with no data: the newest, and a note naming where and what is bundled', async (t) => {
  t.same(chooseChartVersion(undefined, '9.9.9', 'clusters/prod/app.yaml'), {
    version: newestChartVersion(),
    note: `clusters/prod/app.yaml deploys datadog chart 9.9.9, which no bundled version matches (bundled: 2.4.0 to ${newestChartVersion()}); modelled with ${newestChartVersion()}`,
  });
});
