/**
 * The chart's image version guards as data (src/chart/guards.ts, from scripts/gen-chart-guards.mjs):
 * which versions guard which image, and how a tag is read. The expected facts were read from the
 * chart's _helpers.tpl of each version; test/unknown-keys-oracle.test.ts checks them against helm
 * where the chart history exists.
 */
import t from 'tap';
import { guardAccepts, imageGuards, newestChartAccepting } from '../src/chart/guards.js';

t.test('which versions guard which image, with which floor', async (t) => {
  const floors = (v: string) => imageGuards(v).map((g) => `${g.image} ${g.floor} ${g.tagPath} ${g.skipPath}`);
  t.same(floors('2.4.0'), ['agent 7.19.0 agents.image.tag agents.image.doNotCheckTag']);
  t.same(floors('2.37.9'), ['agent 7.19.0 agents.image.tag agents.image.doNotCheckTag']);
  t.same(floors('3.0.0'), ['agent 7.36.0 agents.image.tag agents.image.doNotCheckTag', 'cluster-agent 1.20.0 clusterAgent.image.tag clusterAgent.image.doNotCheckTag']);
  t.same(floors('3.240.0'), ['agent 7.36.0 agents.image.tag agents.image.doNotCheckTag', 'cluster-agent 1.20.0 clusterAgent.image.tag clusterAgent.image.doNotCheckTag']);
  t.same(imageGuards('9.9.9'), [], 'a version without data has none');
});

t.test('a tag is read as the chart reads it', async (t) => {
  const [agent, dca] = imageGuards('3.240.0');
  const accepted = (tag: string) => guardAccepts(agent!, tag);
  t.ok(accepted('7.36.0'));
  t.ok(accepted('7.36.0-rc.1'), 'a release candidate of the floor');
  t.ok(accepted('6.36.0'), 'Agent 6 has its own floor');
  t.ok(accepted('7'), 'the moving major tag is read as the version the chart ships');
  t.ok(accepted('latest'));
  t.ok(accepted('7.50.0-jmx'), '-jmx is dropped');
  t.ok(guardAccepts(imageGuards('2.37.9')[0]!, '7.36.0-rc.1'), 'any pre-release above the floor (helm: the constraint names a pre-release)');
  t.notOk(accepted('7.35.9-rc.1'));
  t.ok(accepted('nightly'), 'a tag that is no version is not this guard’s business');
  t.notOk(accepted('7.35.1'));
  t.notOk(accepted('7.35'), 'a two-part tag is 7.35.0');
  t.notOk(accepted('6.35.0'));
  t.notOk(accepted('7.30.0-jmx'));
  t.ok(guardAccepts(dca!, '1.20.0'));
  t.ok(guardAccepts(dca!, '7.50.0'));
  t.notOk(guardAccepts(dca!, '1.19.1'));
});

t.test('the newest older chart that accepts a tag', async (t) => {
  t.equal(newestChartAccepting('agent', '7.30.0', '3.240.0'), '2.37.9');
  t.equal(newestChartAccepting('cluster-agent', '1.19.0', '3.240.0'), '2.37.9', 'chart 2.x has no cluster-agent guard');
  t.equal(newestChartAccepting('agent', '7.18.0', '3.240.0'), undefined, 'every version refuses it');
});
