/** Where the webhook says a finding is: the field path of the admitted object, down to the key the finding is about. */
import t from 'tap';
import { startTestWebhook, type Obj } from './helpers/webhook.js';

const hook = await startTestWebhook();
t.teardown(() => hook.close());

t.test("a NodePort on the kubelet's port is denied at its nodePort field", async (t) => {
  const service: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubelet-debug', namespace: 'ops' },
    spec: { type: 'NodePort', selector: { app: 'proxy' }, ports: [{ name: 'https', protocol: 'TCP', port: 443, nodePort: 10250 }] },
  };
  const r = await hook.review(service);
  t.equal(r.allowed, false);
  t.match(r.status!.message, /\[nodeport-host-port-conflict\] NodePort of Service ops\/kubelet-debug is 10250\/TCP, which the kubelet API already binds on every node[^\n]*\n\s+at spec\.ports\[0\]\.nodePort\n/);
});
