/** Build the model from one Helm release's values: what the datadog chart would render. */
import type { ValuesRelease } from '../../load/values.js';
import { formatPath } from '../../load/path.js';
import type { Model } from '../types.js';
import { emptyModel } from '../types.js';
import { valuesContext } from './context.js';
import { agentDaemonSet } from './agent-pod.js';
import { clusterAgentDeployment, clusterAgentTokenSecret } from './cluster-agent.js';
import { renderFailures } from './render-failures.js';
import { quotedFalse } from './quoted-false.js';
import { chartServices } from './services.js';
import { valuesPlatforms } from './platform.js';
import type { JsonObject } from '../../json.js';

export interface ReleaseOptions {
  /** Helm release name (decides object names; `datadog` by default, as in the chart docs). */
  releaseName: string;
  namespace: string;
}

export const DEFAULT_RELEASE: ReleaseOptions = { releaseName: 'datadog', namespace: 'datadog' };

export function modelFromValues(release: ValuesRelease, defaults: JsonObject, options: ReleaseOptions = DEFAULT_RELEASE): Model {
  const ctx = valuesContext(release, options.releaseName, options.namespace);
  const model = emptyModel();
  model.releases.push(release);
  const agent = agentDaemonSet(ctx);
  if (agent) model.workloads.push(agent);
  const dca = clusterAgentDeployment(ctx);
  if (dca) model.workloads.push(dca);
  model.services.push(...chartServices(ctx));
  const token = clusterAgentTokenSecret(ctx);
  if (token) model.secrets.push(token);
  model.renderFailures.push(...renderFailures(ctx));
  model.quotedFalse.push(...quotedFalse(release, defaults));
  model.platforms.push(...valuesPlatforms(ctx));
  for (const dup of release.duplicates) {
    model.duplicateKeys.push({ path: formatPath(dup.path), origin: dup.second, first: dup.first });
  }
  return model;
}
