/**
 * An app addresses the agent by a short Service name (`datadog-agent`) that exists in the input
 * only in another namespace: a short name resolves in the pod's own namespace only.
 */
import type { Rule } from './types.js';
import { mainContainers, objectName, related } from './agent-facts.js';
import { apmAddress, dogstatsdAddress, type AgentAddress } from './agent-address.js';

const isShortName = (host: string) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(host) && host !== 'localhost';

export const agentServiceOtherNamespace: Rule = (model) =>
  model.workloads
    .filter((w) => w.role === 'app')
    .flatMap((app) =>
      mainContainers(app).flatMap((container) => {
        const addresses = [apmAddress(container), dogstatsdAddress(container)].filter((a): a is AgentAddress => a?.kind === 'host' && isShortName(a.host ?? ''));
        const seen = new Set<string>();
        return addresses.flatMap((address) => {
          const host = address.host!;
          if (seen.has(address.env.name)) return [];
          seen.add(address.env.name);
          const services = model.services.filter((s) => s.ref.name === host);
          if (services.length === 0 || services.some((s) => s.ref.namespace === app.ref.namespace)) return [];
          const other = services[0]!;
          return [
            {
              message: `${objectName(app)} container ${container.name} sends to "${host}" (${address.env.name}), but Service ${host} exists only in namespace ${services.map((s) => s.ref.namespace).join(', ')}: from namespace ${app.ref.namespace} the short name does not resolve ("no such host"). Use ${host}.${other.ref.namespace}.svc.cluster.local.`,
              origin: address.env.origin,
              object: app.ref,
              container: container.name,
              related: services.map((s) => related(s.origin, `Service ${s.ref.namespace}/${s.ref.name}`)),
            },
          ];
        });
      }),
    );
