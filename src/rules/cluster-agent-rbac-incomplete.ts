/**
 * The roles bound to the cluster agent's ServiceAccount must grant what its enabled features
 * call. Judged only when the input holds at least one binding for that ServiceAccount (otherwise
 * its RBAC is managed elsewhere and dd-lint cannot see it).
 */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { Model, PolicyRule, RoleModel, Workload } from '../model/types.js';
import { agentBool, clusterAgents, effectiveEnv, mainContainers, objectName, related } from './facts/agent-facts.js';

export interface Permission {
  group: string;
  resource: string;
  verb: string;
}

const each = (group: string, resources: string[], verbs: string[]): Permission[] => resources.flatMap((resource) => verbs.map((verb) => ({ group, resource, verb })));

/** What every cluster agent calls (the chart's cluster-agent ClusterRole grants it unconditionally). */
const BASE: Permission[] = [
  ...each('', ['pods', 'nodes', 'services', 'endpoints', 'namespaces'], ['get', 'list', 'watch']),
  ...each('', ['events'], ['get', 'list', 'watch']),
];

/** What the admission controller calls: it manages its webhook configurations. */
const ADMISSION: Permission[] = each('admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], ['get', 'list', 'watch', 'update', 'create']);

function required(dca: Workload): Permission[] {
  const container = mainContainers(dca)[0];
  const admission = container && agentBool(effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_ENABLED')?.value) === true;
  return [...BASE, ...(admission ? ADMISSION : [])];
}

/**
 * A rule restricted to resourceNames still counts: the cluster agent reads its own named objects
 * (the chart grants its webhook configurations by name, `datadog-webhook`).
 */
const grants = (rule: PolicyRule, p: Permission) =>
  (rule.apiGroups.includes(p.group) || rule.apiGroups.includes('*')) &&
  (rule.resources.includes(p.resource) || rule.resources.includes('*')) &&
  (rule.verbs.includes(p.verb) || rule.verbs.includes('*'));

/** Roles bound to the workload's ServiceAccount; undefined when the input has no binding for it. */
function boundRoles(model: Model, dca: Workload): RoleModel[] | undefined {
  const sa = dca.serviceAccountName ?? 'default';
  const bindings = model.roleBindings.filter((b) =>
    b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === sa && (s.namespace ?? b.ref.namespace) === dca.ref.namespace),
  );
  if (bindings.length === 0) return undefined;
  return bindings.flatMap((b) =>
    model.roles.filter((r) => r.ref.kind === b.roleRef.kind && r.ref.name === b.roleRef.name && (r.ref.kind === 'ClusterRole' || r.ref.namespace === b.ref.namespace)),
  );
}

export default definePolicy({
  id: 'cluster-agent-rbac-incomplete',
  severity: 'warning',
  category: 'reliability',
  scope: { reads: 'both', kinds: [...WORKLOAD_KINDS, 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] },
  messages: {
    // Every call it makes is cluster-wide (its informers watch all namespaces; webhook configurations are cluster objects).
    missing: ({ namespace, serviceAccount, clusterAgent, list, first }: { namespace: string; serviceAccount: string; clusterAgent: string; list: string; first: Permission }) =>
      `The roles bound to ServiceAccount ${namespace}/${serviceAccount} of ${clusterAgent} do not grant: ${list}. The cluster agent logs '${first.resource}${first.group ? `.${first.group}` : ''} is forbidden: User "system:serviceaccount:${namespace}:${serviceAccount}" cannot ${first.verb} resource "${first.resource}" in API group "${first.group}" at the cluster scope' (and the like for the others) and the features that need them stop.`,
  },
  check: (model, { messages }) =>
  clusterAgents(model).flatMap((dca) => {
    const roles = boundRoles(model, dca);
    if (!roles) return [];
    const missing = required(dca).filter((p) => !roles.some((role) => role.rules.some((rule) => grants(rule, p))));
    if (missing.length === 0) return [];
    const byResource = new Map<string, string[]>();
    for (const p of missing) {
      const key = p.group ? `${p.resource}.${p.group}` : p.resource;
      byResource.set(key, [...(byResource.get(key) ?? []), p.verb]);
    }
    const list = [...byResource].map(([resource, verbs]) => `${resource} (${verbs.join(', ')})`).join('; ');
    const sa = dca.serviceAccountName ?? 'default';
    return [
      {
        message: messages.missing({ namespace: dca.ref.namespace, serviceAccount: sa, clusterAgent: objectName(dca), list, first: missing[0]! }),
        origin: roles[0]?.origin ?? dca.origin,
        object: dca.ref,
        related: [related(dca.origin, `${objectName(dca)} runs as ServiceAccount ${sa}`)],
      },
    ];
  }),
});
