/**
 * One replica acting at a time: a coordination.k8s.io/v1 Lease, taken when free or expired and
 * renewed by its holder (the client-go leader election scheme, through @kubernetes/client-node).
 * Writes carry the resourceVersion read, so two replicas racing for an expired Lease cannot both win.
 */
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';

export interface LeaseOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
  /** This replica (the pod name). */
  identity: string;
  durationSeconds?: number;
  now?: () => number;
}

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

export class LeaseLock {
  private readonly api: CoordinationV1Api;
  private readonly duration: number;
  private readonly now: () => number;

  constructor(private readonly options: LeaseOptions) {
    this.api = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.duration = options.durationSeconds ?? 30;
    this.now = options.now ?? Date.now;
  }

  /** Take or renew the Lease; true while this replica holds it. A lost race is false, not an error. */
  async acquire(): Promise<boolean> {
    const { namespace, name, identity } = this.options;
    const at = new V1MicroTime(this.now());
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      const body: V1Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: { holderIdentity: identity, leaseDurationSeconds: this.duration, acquireTime: at, renewTime: at, leaseTransitions: 0 },
      };
      return this.write(() => this.api.createNamespacedLease({ namespace, body }));
    }
    const spec = lease.spec ?? {};
    const mine = spec.holderIdentity === identity;
    const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
    const expired = !spec.holderIdentity || renewed + (spec.leaseDurationSeconds ?? this.duration) * 1000 < this.now();
    if (!mine && !expired) return false;
    const next: V1Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds: this.duration,
        renewTime: at,
        ...(mine ? {} : { acquireTime: at, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }),
      },
    };
    return this.write(() => this.api.replaceNamespacedLease({ name, namespace, body: next }));
  }

  private async write(op: () => Promise<V1Lease>): Promise<boolean> {
    try {
      await op();
      return true;
    } catch (err) {
      // 409: another replica wrote first (a create race, or a stale resourceVersion).
      if (statusOf(err) === 409) return false;
      throw err;
    }
  }
}
