/** What listens in the nodes' own network namespace, from every object in the input. */
import type { Model, ObjectRef, Protocol, Workload } from '../../model/types.js';
import type { Origin } from '../../model/location.js';
import { mainContainers, objectName } from './agent-facts.js';

export interface HostListener {
  port: number;
  protocol: Protocol;
  /** e.g. "hostPort of DaemonSet datadog/datadog container agent". */
  owner: string;
  /** The workload or Service it belongs to (`kind/namespace/name`), to tell two owners apart. */
  ownerKey: string;
  /** The object that declares it (a workload or a Service). */
  ref: ObjectRef;
  workload?: Workload;
  origin: Origin;
}

/** Ports the otel-agent binds whatever its config says: ddflare and its own telemetry. */
export const OTEL_FIXED_PORTS = [7777, 8888];

/** Node daemons' ports: kubelet (10250 API, 10248 healthz, 10255 read-only) and kube-proxy (10249 metrics, 10256 healthz). */
export const NODE_DAEMON_PORTS: Record<number, string> = {
  10250: 'the kubelet API',
  10248: "the kubelet's healthz",
  10255: "the kubelet's read-only port",
  10249: "kube-proxy's metrics",
  10256: "kube-proxy's healthz",
};

/** Owners sort by kind, namespace and name (a release, when there is one, tells owners of the same name apart). */
export const ownerKeyOf = (ref: ObjectRef): string => `${ref.kind}/${ref.namespace}/${ref.name}${ref.release === undefined ? '' : `\u0000${ref.release}`}`;

/** hostPorts of any pod, every declared port of a hostNetwork pod, and the otel-agent's fixed ports under hostNetwork. */
export function workloadHostListeners(model: Model): HostListener[] {
  const out: HostListener[] = [];
  for (const w of model.workloads) {
    for (const c of mainContainers(w)) {
      for (const p of c.ports) {
        const hostPort = p.hostPort ?? (w.hostNetwork.value ? p.containerPort : undefined);
        if (hostPort === undefined) continue;
        const how = p.hostPort !== undefined ? 'hostPort' : 'hostNetwork port';
        out.push({ port: hostPort, protocol: p.protocol, owner: `${how} of ${objectName(w)} container ${c.name}`, ownerKey: ownerKeyOf(w.ref), ref: w.ref, workload: w, origin: p.origin });
      }
      if (w.hostNetwork.value && c.name === 'otel-agent') {
        for (const port of OTEL_FIXED_PORTS) {
          out.push({ port, protocol: 'TCP', owner: `otel-agent of ${objectName(w)} (hostNetwork)`, ownerKey: ownerKeyOf(w.ref), ref: w.ref, workload: w, origin: c.origin });
        }
      }
    }
  }
  return out;
}

/** NodePorts: kube-proxy opens each on every node. */
export function nodePortListeners(model: Model): HostListener[] {
  return model.services.flatMap((s) =>
    s.ports.flatMap((p) =>
      p.nodePort === undefined
        ? []
        : [{ port: p.nodePort, protocol: p.protocol, owner: `NodePort of Service ${s.ref.namespace}/${s.ref.name}`, ownerKey: ownerKeyOf(s.ref), ref: s.ref, origin: p.nodePortOrigin ?? p.origin }],
    ),
  );
}
