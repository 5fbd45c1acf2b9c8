/* Generated from schemas/policy.schema.json by `npm run gen:types`. Do not edit. */

export type Severity = 'error' | 'warning' | 'info';
/**
 * Findings of other policies the example also raises, all of them (any other finding fails the test).
 *
 * @minItems 1
 */
export type OtherFindings = [OtherFinding, ...OtherFinding[]];

/**
 * One dd-lint policy file: what it catches, why it breaks, how to fix it, and examples that the test suite runs. A built-in policy's severity, category, scope and options live in its module (src/rules/<id>.ts); a custom policy gives severity and category here.
 */
export interface PolicyFile {
  /**
   * Stable id used in findings, suppressions and config.
   */
  id: string;
  title: string;
  severity?: Severity;
  category?: 'reliability' | 'security' | 'networking' | 'correctness';
  /**
   * One sentence: what the policy catches.
   */
  summary: string;
  /**
   * Why this configuration breaks, with the symptoms users see.
   */
  why: string;
  /**
   * How to fix it.
   */
  fix: string;
  /**
   * The incident write-up this policy comes from.
   */
  incident?: string;
  references?: string[];
  examples: {
    /**
     * Examples the policy must report: each declares its exact findings.
     *
     * @minItems 1
     */
    fail: [Example, ...Example[]];
    /**
     * Near misses the policy must not report (no `findings`).
     *
     * @minItems 1
     */
    pass: [Example, ...Example[]];
    /**
     * Failing examples on a full copy of the chart's values.yaml (as users keep one), with the problem edited in.
     */
    full?: FullValuesExample[];
  };
  /**
   * Custom policies: what `match` is evaluated against. `values`: a release's merged Helm values; `container`: each container ({name, image, init, env, ports, volumeMounts} plus `pod` and `object`); `pod`: each workload ({kind, name, namespace, role, hostNetwork, serviceAccountName, containers}); `object`: each Kubernetes object read from manifests, as written.
   */
  target?: 'values' | 'container' | 'pod' | 'object';
  /**
   * Custom policies: a JSON Schema (draft-07, evaluated with ajv); every target that validates against it is a finding.
   */
  match?: {
    [k: string]: unknown;
  };
  /**
   * Custom policies on `values`: the values path (datadog.apm.portEnabled) a finding points at (the nearest key the user wrote).
   */
  at?: string;
  /**
   * Custom policies: the finding's message; {name}, {kind}, {namespace}, {container} are replaced.
   */
  message?: string;
  notice?: Notice;
}
/**
 * An input the test suite lints with every policy (values and manifests together, as one picture of a cluster).
 */
export interface Example {
  description: string;
  /**
   * A Helm values file for the datadog chart (YAML text).
   */
  values?: string;
  /**
   * --set arguments applied over the values.
   */
  set?: string[];
  /**
   * The chart version the example is linted with (`--chart-version`): for a notice that only older charts print. Default: the newest bundled version.
   */
  chartVersion?: string;
  /**
   * Kubernetes manifests (YAML text), linted together with the values.
   */
  manifests?: string;
  /**
   * A failing example's findings of this policy, all of them (a passing example has none).
   *
   * @minItems 1
   */
  findings?: [ExpectedFinding, ...ExpectedFinding[]];
  others?: OtherFindings;
}
/**
 * One expected finding: where (`line` and `column`, or a values path `at`), its severity and a fragment of its message.
 */
export interface ExpectedFinding {
  line?: number;
  column?: number;
  /**
   * A values path (dotted, like fullValues.set): the finding is at that key (the last one written, which Helm keeps) in the values text.
   */
  at?: string;
  /**
   * The input the finding is in: the values text, the manifests text, or a --set argument (line 1, column 1). Defaults to the values when the example has values (or `at` is given), else the manifests.
   */
  in?: 'values' | 'manifests' | 'set';
  /**
   * Defaults to the policy's (a rule may raise it when the input proves the problem).
   */
  severity?: 'error' | 'warning' | 'info';
  /**
   * A fragment the finding's message must contain.
   */
  message: string;
}
/**
 * A finding of another policy: its id and where (`line`, or a values path `at`).
 */
export interface OtherFinding {
  policy: string;
  line?: number;
  /**
   * A values path, as in a finding.
   */
  at?: string;
  /**
   * The input the finding is in: the values text, the manifests text, or a --set argument (line 1, column 1). Defaults to the values when the example has values (or `at` is given), else the manifests.
   */
  in?: 'values' | 'manifests' | 'set';
}
/**
 * A failing example whose values file is a full copy of the chart's values.yaml with edits (test/fixtures/chart-values/), linted with that chart version.
 */
export interface FullValuesExample {
  description: string;
  fullValues: FullValues;
  /**
   * --set arguments applied over the edited copy.
   */
  set?: string[];
  /**
   * Kubernetes manifests (YAML text), linted together with the edited copy.
   */
  manifests?: string;
  /**
   * The example's findings of this policy, all of them; `at` points into the edited copy.
   *
   * @minItems 1
   */
  findings: [ExpectedFinding, ...ExpectedFinding[]];
  others?: OtherFindings;
}
/**
 * The chart's own values.yaml of `chartVersion`, edited with the yaml Document API (comments and layout kept): first `set`, then `comments`, then `append`.
 */
export interface FullValues {
  /**
   * The chart version whose values.yaml is copied; the example is linted with this version's defaults.
   */
  chartVersion: '3.240.0' | '3.123.3' | '3.69.2';
  /**
   * Values path (dotted, `\.` for a dot inside a key, a number for a list index) to the value it gets, replacing or adding the key where it is.
   */
  set?: {
    [k: string]: unknown;
  };
  /**
   * Values path to a comment written on the line above that key (e.g. a dd-lint-disable-next-line).
   */
  comments?: {
    [k: string]: string;
  };
  /**
   * YAML text added at the end of the copy, as users append overrides (a second top-level key then duplicates the chart's).
   */
  append?: string;
}
/**
 * Built-in notice policies: a banner the datadog chart prints after install (templates/NOTES.txt), checked before install. With a JSON Schema `condition` the policy needs no module (scripts/gen-policies.mjs generates its check); `condition: code` has a module src/rules/<id>.ts.
 */
export interface Notice {
  /**
   * The banner's heading as helm prints it (for a generic "Configuration notice" or "Deprecation notice": its first body sentence), without a final period; unique among the chart's banners (src/chart/data/datadog.notices.json).
   */
  banner: string;
  /**
   * What the chart prints the banner as.
   */
  printed: 'ERROR' | 'WARNING' | 'INFO' | 'NOTICE' | 'NEXT STEP';
  /**
   * Overrides the default (ERROR: error, WARNING: warning, else info): info for a recommendation that fires on the chart's own defaults, or for what files cannot show (a key given with --set at install).
   */
  severity?: 'error' | 'warning' | 'info';
  /**
   * When the chart prints the banner: a JSON Schema (draft-07) over the release's merged values, or `code` (the module decides). In a schema, `$ref: '#/definitions/truthy'` and `'#/definitions/falsy'` test a value as Go templates do.
   */
  condition:
    | 'code'
    | {
        [k: string]: unknown;
      };
  /**
   * Data notices whose condition an older chart decided otherwise: each entry's `condition` replaces `condition` for the chart versions before its `before` (the first entry that applies wins: list them oldest first). `condition` is the newest chart's.
   */
  olderConditions?: {
    /**
     * The first chart version this condition no longer applies to.
     */
    before: string;
    /**
     * The condition (a JSON Schema over the merged values) of the versions before `before`.
     */
    condition: {
      [k: string]: unknown;
    };
    /**
     * Where a finding points for these versions, when an older chart read other keys (default: the notice's `at`).
     *
     * @minItems 1
     */
    at?: [string, ...string[]];
  }[];
  /**
   * The chart version from which the chart's values schema refuses the values that print the banner: `chart-render-failure` reports them there, so the notice is silent from this version on (no finding twice).
   */
  schemaRefusesFrom?: string;
  /**
   * The banner is about a key left unset (the API key): with a values source dd-lint could not read (`values-source-unread`) the key may be there, so the notice is silent.
   */
  aboutAnUnsetKey?: boolean;
  /**
   * Values paths a finding points at: the first one the user wrote, else the nearest written ancestor of the first (the value is the chart's default).
   *
   * @minItems 1
   */
  at: [string, ...string[]];
  /**
   * A data notice's finding message, in our own words (what breaks). A code notice's messages are in its module.
   */
  message?: string;
  /**
   * Deprecations: the key that replaces the deprecated one (the fix carries the value over).
   */
  replacement?: {
    from: string;
    to: string;
  };
}
