// The GitOps repository bench/repo-scale.mjs lints (and test/plain-block-yaml.test.ts, small):
// app manifests (Deployments with Datadog env: DD_AGENT_HOST from status.hostIP, DD_TRACE_*,
// DogStatsD; Services; ConfigMaps) and seven Datadog agent releases, one per way of writing one
// (plain values files, an Argo CD Application with helm.values as a string and one with
// valuesObject, a Flux HelmRelease, a helmfile.yaml, a kustomization's helmCharts, an umbrella
// Chart.yaml). Everything is generated from the index of each file, so two runs lint the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FILES_AT_1X = 2000;
const OBJECTS_PER_APP_FILE = 16; // four apps: a Deployment, a Service and two ConfigMaps each
const APPS_PER_FILE = 4;

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const indent = (text, n) => text.replace(/^(?=.)/gm, ' '.repeat(n));

/** Values of an agent release; `variant` spreads the options over the releases. */
function agentValues(cluster, variant) {
  return `datadog:
  apiKeyExistingSecret: datadog-secret
  clusterName: ${cluster}
  site: datadoghq.eu
  logs:
    enabled: true
    containerCollectAll: ${variant % 2 === 0}
  apm:
    portEnabled: true
  dogstatsd:
    useHostPort: true
    nonLocalTraffic: true
  kubelet:
    tlsVerify: ${variant === 3 ? 'false' : 'true'}
clusterAgent:
  enabled: true
  replicas: 2
  admissionController:
    enabled: true
    mutateUnlabelled: false
agents:
  priorityClassCreate: true
`;
}

/** The seven releases: files relative to the repository and their text. */

/** An Argo CD Application of the datadog chart carrying its values in `field` (`values: |` or `valuesObject:`). */
const argoApplication = (field, values) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: https://helm.datadoghq.com
    chart: datadog
    targetRevision: 3.240.0
    helm:
      releaseName: datadog
      ${field}
${indent(values, 8)}  destination:
    server: https://kubernetes.default.svc
    namespace: datadog
`;
function releaseFiles() {
  const files = {};
  files['clusters/prod-eu/datadog/values.yaml'] = agentValues('prod-eu', 0);
  files['clusters/prod-us/argocd/datadog.yaml'] = argoApplication('values: |', agentValues('prod-us', 1));
  files['clusters/staging-eu/argocd/datadog.yaml'] = argoApplication('valuesObject:', agentValues('staging-eu', 2));
  files['clusters/staging-us/flux/datadog.yaml'] = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: datadog
  namespace: flux-system
spec:
  interval: 30m
  targetNamespace: datadog
  chart:
    spec:
      chart: datadog
      version: "3.240.0"
      sourceRef:
        kind: HelmRepository
        name: datadog
        namespace: flux-system
  values:
${indent(agentValues('staging-us', 3), 4)}`;
  files['clusters/dev/helmfile.yaml'] = `repositories:
  - name: datadog
    url: https://helm.datadoghq.com
releases:
  - name: datadog
    namespace: datadog
    chart: datadog/datadog
    version: 3.240.0
    values:
      - values/datadog.yaml
`;
  files['clusters/dev/values/datadog.yaml'] = agentValues('dev', 4);
  files['clusters/edge/kustomization.yaml'] = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: datadog
helmCharts:
  - name: datadog
    repo: https://helm.datadoghq.com
    version: 3.240.0
    releaseName: datadog
    namespace: datadog
    valuesFile: datadog-values.yaml
`;
  files['clusters/edge/datadog-values.yaml'] = agentValues('edge', 5);
  files['clusters/lab/monitoring/Chart.yaml'] = `apiVersion: v2
name: monitoring
version: 1.0.0
dependencies:
  - name: datadog
    version: 3.240.0
    repository: https://helm.datadoghq.com
`;
  files['clusters/lab/monitoring/values.yaml'] = `datadog:\n${indent(agentValues('lab', 6), 2)}`;
  return files;
}

/** App `n`: a Deployment sending traces and DogStatsD metrics to its node's agent, a Service, two ConfigMaps. */
function app(n) {
  const name = `svc-${n}`;
  const namespace = `team-${n % 37}`;
  // One app in 50 sends DogStatsD to a port no agent opens on the node; one in 97 names the agent Service by a short name from another namespace.
  const statsdPort = n % 50 === 7 ? 8135 : 8125;
  const agentHost =
    n % 97 === 11
      ? `            - name: DD_AGENT_HOST
              value: datadog`
      : `            - name: DD_AGENT_HOST
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP`;
  const service = n % 40 === 3 ? `  type: NodePort\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n      nodePort: ${30000 + (n % 2700)}\n` : `  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: ${name}
    tags.datadoghq.com/env: prod
    tags.datadoghq.com/service: ${name}
    tags.datadoghq.com/version: "1.${n % 13}.0"
spec:
  replicas: ${2 + (n % 3)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        admission.datadoghq.com/enabled: "false"
      annotations:
        ad.datadoghq.com/${name}.logs: '[{"source":"java","service":"${name}"}]'
    spec:
      serviceAccountName: ${name}
      containers:
        - name: ${name}
          image: ghcr.io/example/${name}:1.${n % 13}.0
          ports:
            - name: http
              containerPort: 8080
          env:
${agentHost}
            - name: DD_TRACE_AGENT_PORT
              value: "8126"
            - name: DD_DOGSTATSD_PORT
              value: "${statsdPort}"
            - name: DD_ENV
              valueFrom:
                fieldRef:
                  fieldPath: metadata.labels['tags.datadoghq.com/env']
            - name: DD_SERVICE
              value: ${name}
            - name: DD_VERSION
              value: "1.${n % 13}.0"
            - name: DD_TRACE_SAMPLE_RATE
              value: "0.${(n % 9) + 1}"
            - name: DD_TRACE_ENABLED
              value: "true"
            - name: DD_RUNTIME_METRICS_ENABLED
              value: "true"
            - name: DD_LOGS_INJECTION
              value: "true"
          resources:
            requests:
              cpu: 100m
              memory: 256Mi
            limits:
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app.kubernetes.io/name: ${name}
${service}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${namespace}
data:
  application.yaml: |
    server:
      port: 8080
    feature-flags:
      checkout-v2: ${n % 2 === 0}
  LOG_LEVEL: info
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-dashboards
  namespace: ${namespace}
data:
  owner: team-${n % 37}
  runbook: https://runbooks.example.com/${name}
`;
}

/** Writes a repository of `files` files (the seven releases' files, the rest apps); returns its counts. */
export function writeRepository(dir, files) {
  const releases = releaseFiles();
  for (const [file, text] of Object.entries(releases)) write(join(dir, file), text);
  const appFiles = files - Object.keys(releases).length;
  for (let f = 0; f < appFiles; f++) {
    const text = Array.from({ length: APPS_PER_FILE }, (_, i) => app(f * APPS_PER_FILE + i)).join('---\n');
    write(join(dir, 'apps', `group-${Math.floor(f / 100)}`, `app-${f}.yaml`), text);
  }
  // Objects: the app documents plus the wrapper documents (Application x2, HelmRelease); values files, helmfile, kustomization and Chart.yaml are not objects.
  return { files, objects: appFiles * OBJECTS_PER_APP_FILE + 3 };
}

