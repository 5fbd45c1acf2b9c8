/** The trace agent's liveness probe asks another port than its APM port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { TRACE_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-trace-agent-liveness-probe',
  banner: 'Trace Agent liveness probe misconfiguration',
  component: TRACE_AGENT,
  kind: 'liveness',
  handler: 'agents.containers.traceAgent.livenessProbe.tcpSocket',
});
