/** Values that make `helm template` itself fail, found without rendering (the model lists them). */
import { definePolicy } from './define.js';

export default definePolicy({
  id: 'chart-render-failure',
  severity: 'error',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    tokenNotString: ({ type, bySet }: { type: string; bySet: boolean }) =>
      `clusterAgent.token is a ${type}, not a string: the chart's \`b64enc\` fails ("wrong type for value; expected string") and helm template/install aborts. ${bySet ? 'Pass it with --set-string, not --set (which reads digits as a number).' : 'Quote the token.'}`,
    envWithoutName: ({ path, index }: { path: string; index: number }) => `${path}[${index}] has no \`name\`: the chart fails ("env entry must have a name") and helm template/install aborts.`,
    kubeletHostNotMap: ({ type }: { type: string }) =>
      `datadog.kubelet.host must be a map (\`valueFrom:\` or \`value:\`); a bare ${type} renders an invalid DD_KUBERNETES_KUBELET_HOST entry and the manifest fails to parse.`,
    imageTooOld: ({ image, tag, chartVersion, floor, skipPath, olderChart }: { image: string; tag: string; chartVersion: string; floor: string; skipPath: string; olderChart?: string }) =>
      `chart datadog ${chartVersion} refuses the ${image} image tag ${tag} (it requires ${floor} or newer) and helm template/install aborts. Use ${image} image ${floor} or newer${olderChart ? `, or chart ${olderChart}, the newest that accepts ${tag}` : ''} (${skipPath}: true skips the check).`,
    chartFail: ({ why, chartVersion }: { why: string; chartVersion: string }) => `chart datadog ${chartVersion} stops with an error: ${why}; helm template/install aborts.`,
    chartFailAssuming: ({ why, chartVersion, assumes }: { why: string; chartVersion: string; assumes: string }) =>
      `if ${assumes}, chart datadog ${chartVersion} stops with an error: ${why}; helm install/upgrade aborts (dd-lint cannot see the cluster: an info).`,
    schemaViolation: ({ path, problem, chartVersion }: { path: string; problem: string; chartVersion: string }) =>
      `${path} ${problem}: the values schema of chart datadog ${chartVersion} rejects it and helm template/install aborts before rendering.`,
  },
  check: (model, { messages }) =>
    model.renderFailures.map((f) => {
      switch (f.reason) {
        case 'token-not-string':
          return { message: messages.tokenNotString({ type: f.type, bySet: f.origin.source === 'set' }), origin: f.origin };
        case 'env-without-name':
          return { message: messages.envWithoutName(f), origin: f.origin };
        case 'kubelet-host-not-map':
          return { message: messages.kubeletHostNotMap(f), origin: f.origin };
        case 'image-too-old':
          return { message: messages.imageTooOld(f), origin: f.origin };
        case 'chart-fail':
          // A guard that needs something of the cluster values cannot show is only an info, and says what it assumes.
          return f.assumes ? { message: messages.chartFailAssuming({ ...f, assumes: f.assumes }), origin: f.origin, severity: 'info' as const } : { message: messages.chartFail(f), origin: f.origin };
        case 'schema-violation':
          return { message: messages.schemaViolation(f), origin: f.origin };
      }
    }),
});
