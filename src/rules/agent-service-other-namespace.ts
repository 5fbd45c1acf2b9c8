/**
 * An app addresses the agent by a short Service name (`datadog-agent`) that exists in the input
 * only in another namespace: a short name resolves in the pod's own namespace only.
 */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import { mainContainers, objectName, related } from './facts/agent-facts.js';
import { apmAddress, dogstatsdAddress, type AgentAddress } from './facts/agent-address.js';
import { groupBy } from './facts/list-index.js';

const isShortName = (host: string) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(host) && host !== 'localhost';

export default definePolicy({
  id: 'agent-service-other-namespace',
  severity: 'error',
  category: 'networking',
  scope: { reads: 'both', kinds: [...WORKLOAD_KINDS, 'Service'], needsCluster: true },
  messages: {
    otherNamespace: (d: { app: string; container: string; host: string; env: string; namespaces: string; appNamespace: string; serviceNamespace: string }) =>
      `${d.app} container ${d.container} sends to "${d.host}" (${d.env}), but Service ${d.host} exists only in namespace ${d.namespaces}: from namespace ${d.appNamespace} the short name does not resolve ("no such host"). Use ${d.host}.${d.serviceNamespace}.svc.cluster.local.`,
  },
  check: (model, { messages }) => {
    // Services by name, once: searching every Service for every app is quadratic in a large repository.
    const byName = groupBy(model.services, (s) => s.ref.name);
    return model.workloads
      .filter((w) => w.role === 'app')
      .flatMap((app) =>
        mainContainers(app).flatMap((container) => {
          const addresses = [apmAddress(container), dogstatsdAddress(container)].filter((a): a is AgentAddress => a?.kind === 'host' && isShortName(a.host ?? ''));
          const seen = new Set<string>();
          return addresses.flatMap((address) => {
            const host = address.host!;
            if (seen.has(address.env.name)) return [];
            seen.add(address.env.name);
            const services = byName.get(host) ?? [];
            if (services.length === 0 || services.some((s) => s.ref.namespace === app.ref.namespace)) return [];
            return [
              {
                message: messages.otherNamespace({
                  app: objectName(app),
                  container: container.name,
                  host,
                  env: address.env.name,
                  namespaces: services.map((s) => s.ref.namespace).join(', '),
                  appNamespace: app.ref.namespace,
                  serviceNamespace: services[0]!.ref.namespace,
                }),
                origin: address.env.origin,
                object: app.ref,
                container: container.name,
                related: services.map((s) => related(s.origin, `Service ${s.ref.namespace}/${s.ref.name}`)),
                judgedAgainst: services.map((s) => s.ref),
              },
            ];
          });
        }),
      );
  },
});
