/**
 * What in an app's pod shows that it sends traces or DogStatsD metrics. DD_AGENT_HOST alone shows
 * neither: tracers and DogStatsD clients both read it. DD_SERVICE, DD_ENV and DD_VERSION alone do
 * not either (unified service tagging is read by DogStatsD clients and log collection too).
 */
import type { Origin } from '../../model/location.js';
import type { Container, Workload } from '../../model/types.js';
import { agentBool } from './agent-facts.js';
import type { ProcessEnv } from './container-env.js';

export interface Evidence {
  /** What shows it, for a related location: "DD_TRACE_AGENT_PORT is set". */
  what: string;
  origin: Origin;
}

/** Tracer library settings (read by tracers only) that show a tracer when set, or when on for the switches. */
const TRACER_SWITCHES = ['DD_PROFILING_ENABLED', 'DD_RUNTIME_METRICS_ENABLED', 'DD_APPSEC_ENABLED', 'DD_IAST_ENABLED', 'DD_LOGS_INJECTION', 'DD_DATA_STREAMS_ENABLED'];
/** Variables where a tracer is loaded: JVM, Node and Python options, the .NET profiler, a preload. */
const LOADER_VARS = /^(JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|NODE_OPTIONS|PYTHONPATH|CORECLR_PROFILER|COR_PROFILER|LD_PRELOAD|[A-Z0-9_]*_OPTS|[A-Z0-9_]*_OPTIONS)$/;
/** A tracer named in a command line, a loader variable or a library-injection init container's image. */
const TRACER_HINT = /dd-java-agent|dd-trace|ddtrace|Datadog\.Trace|846F5F1C-F9AE-4B07-969E-05C26BC060D8|dd-lib-[a-z]+-init/i;
const LIB_ANNOTATION = /^admission\.datadoghq\.com\/[a-z]+-lib\.(version|custom-image)$/;
export const ADMISSION_LABEL = 'admission.datadoghq.com/enabled';

const on = (value: string | undefined) => agentBool(value) === true;

export function tracingEvidence(workload: Workload, container: Container, env: ProcessEnv): Evidence | undefined {
  for (const v of env.values()) {
    if (/^DD_TRACE_/.test(v.name) && !(v.name === 'DD_TRACE_ENABLED' && !on(v.value))) return { what: `${v.name} is set (a tracer setting)`, origin: v.origin };
    if (TRACER_SWITCHES.includes(v.name) && on(v.value)) return { what: `${v.name} is on (a tracer setting)`, origin: v.origin };
    if (LOADER_VARS.test(v.name) && TRACER_HINT.test(v.value ?? '')) return { what: `${v.name} loads a Datadog tracer`, origin: v.origin };
  }
  if (container.commandLine?.some((arg) => TRACER_HINT.test(arg))) return { what: 'its command line loads a Datadog tracer', origin: container.origin };
  const init = workload.containers.find((c) => c.init && TRACER_HINT.test(c.image ?? ''));
  if (init) return { what: `init container ${init.name} injects a Datadog tracer`, origin: init.origin };
  for (const [key, fact] of Object.entries(workload.podAnnotations ?? {})) {
    if (LIB_ANNOTATION.test(key)) return { what: `the pod asks the admission controller for a tracer (${key})`, origin: fact.origin };
  }
  const label = workload.podLabels?.[ADMISSION_LABEL];
  if (label?.value === 'true') return { what: `the pod asks the admission controller for Datadog settings (${ADMISSION_LABEL})`, origin: label.origin };
  return undefined;
}

/** DogStatsD settings that show a DogStatsD client (the address variables themselves are judged by the senders). */
export function dogstatsdEvidence(env: ProcessEnv): Evidence | undefined {
  for (const v of env.values()) {
    if (/^DD_DOGSTATSD_/.test(v.name)) return { what: `${v.name} is set (a DogStatsD client setting)`, origin: v.origin };
    if (v.name === 'DD_RUNTIME_METRICS_ENABLED' && on(v.value)) return { what: 'DD_RUNTIME_METRICS_ENABLED is on: the tracer sends runtime metrics over DogStatsD', origin: v.origin };
  }
  return undefined;
}
