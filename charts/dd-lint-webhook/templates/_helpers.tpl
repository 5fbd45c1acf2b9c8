{{/* Names, labels and the checks every rendering runs first. */}}

{{- define "dd-lint-webhook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dd-lint-webhook.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "dd-lint-webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dd-lint-webhook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "dd-lint-webhook.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "dd-lint-webhook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "dd-lint-webhook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "dd-lint-webhook.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Where the serving certificate comes from: "certManager", "secret" (tls.existingSecret, the user's),
or "webhook" (the webhook makes and renews it, and patches the caBundle; the default).
*/}}
{{- define "dd-lint-webhook.tlsMode" -}}
{{- if .Values.tls.certManager.enabled -}}
certManager
{{- else if .Values.tls.existingSecret.name -}}
secret
{{- else -}}
webhook
{{- end -}}
{{- end -}}

{{/*
The Secret holding tls.crt and tls.key: cert-manager's, the user's, or the webhook's own (the name
the chart's generated Secret had, so an upgrade takes it over).
*/}}
{{- define "dd-lint-webhook.tlsSecretName" -}}
{{- $mode := include "dd-lint-webhook.tlsMode" . -}}
{{- if eq $mode "certManager" -}}
{{- printf "%s-serving-cert" (include "dd-lint-webhook.fullname" .) -}}
{{- else if eq $mode "secret" -}}
{{- .Values.tls.existingSecret.name -}}
{{- else -}}
{{- printf "%s-tls" (include "dd-lint-webhook.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Whether the pod talks to the API server at all (and so gets a service account token). */}}
{{- define "dd-lint-webhook.needsApi" -}}
{{- if or .Values.clusterContext.enabled .Values.audit.enabled (eq (include "dd-lint-webhook.tlsMode" .) "webhook") -}}
true
{{- end -}}
{{- end -}}

{{/* The DNS names the API server may call the Service by. */}}
{{- define "dd-lint-webhook.dnsNames" -}}
{{- $svc := include "dd-lint-webhook.fullname" . -}}
{{- list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.cluster.local" $svc .Release.Namespace) | toJson -}}
{{- end -}}

{{- define "dd-lint-webhook.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The evaluation budget (ms): given, else min(2000, timeoutSeconds x 500). */}}
{{- define "dd-lint-webhook.budgetMs" -}}
{{- if .Values.webhook.budgetMs -}}
{{- int .Values.webhook.budgetMs -}}
{{- else -}}
{{- min 2000 (mul (int .Values.webhook.timeoutSeconds) 500) -}}
{{- end -}}
{{- end -}}

{{/* Namespaces the API server never sends: kube-system, the release namespace, config.webhook.excludeNamespaces. */}}
{{- define "dd-lint-webhook.excludedNamespaces" -}}
{{- $config := .Values.config | default dict -}}
{{- $webhook := $config.webhook | default dict -}}
{{- concat (list "kube-system" .Release.Namespace) ($webhook.excludeNamespaces | default list) | uniq | toJson -}}
{{- end -}}

{{/*
The cluster-agent token Secret the webhook always watches (webhook/bin.ts chartTokenSecret): the
datadog chart's "<fullname>-cluster-agent" for config.release.name (default datadog).
*/}}
{{- define "dd-lint-webhook.configTokenSecret" -}}
{{- $config := .Values.config | default dict -}}
{{- $release := $config.release | default dict -}}
{{- $name := $release.name | default "datadog" -}}
{{- if contains "datadog" $name -}}
{{- printf "%s-cluster-agent" $name -}}
{{- else -}}
{{- printf "%s-datadog-cluster-agent" $name -}}
{{- end -}}
{{- end -}}

{{/* resourceNames of the token Secrets: clusterContext.tokenSecretNames plus the one the config implies. */}}
{{- define "dd-lint-webhook.tokenSecretNames" -}}
{{- append (.Values.clusterContext.tokenSecretNames | default list) (include "dd-lint-webhook.configTokenSecret" .) | uniq | toJson -}}
{{- end -}}

{{/*
The dd-lint config file: .Values.config as written, except that a policy set to an unquoted `off`
(which Helm's YAML 1.1 reads as false) is written as "off".
*/}}
{{- define "dd-lint-webhook.configFile" -}}
{{- $config := deepCopy (.Values.config | default dict) -}}
{{- if $config.policies -}}
{{- $policies := dict -}}
{{- range $id, $setting := $config.policies -}}
{{- if kindIs "bool" $setting -}}
{{- if $setting -}}
{{- fail (printf "config.policies.%s: true is not a policy setting (use off, error, warning, info or {severity, options})" $id) -}}
{{- end -}}
{{- $_ := set $policies $id "off" -}}
{{- else -}}
{{- $_ := set $policies $id $setting -}}
{{- end -}}
{{- end -}}
{{- $_ := set $config "policies" $policies -}}
{{- end -}}
{{- if $config -}}
{{- toYaml $config -}}
{{- else -}}
{}
{{- end -}}
{{- end -}}

{{/* Checks that hold even with --skip-schema-validation; each failure names the value. */}}
{{- define "dd-lint-webhook.validate" -}}
{{- $fp := .Values.webhook.failurePolicy -}}
{{- if not (has $fp (list "Ignore" "Fail")) -}}
{{- fail (printf "webhook.failurePolicy must be Ignore or Fail, not %q" (toString $fp)) -}}
{{- end -}}
{{- $timeout := .Values.webhook.timeoutSeconds -}}
{{- $t := int $timeout -}}
{{- if or (lt $t 1) (gt $t 30) (ne (toString $t) (toString $timeout)) -}}
{{- fail (printf "webhook.timeoutSeconds must be a whole number of seconds from 1 to 30, not %v" $timeout) -}}
{{- end -}}
{{- $budget := int (include "dd-lint-webhook.budgetMs" .) -}}
{{- if ge $budget (mul $t 1000) -}}
{{- fail (printf "webhook.budgetMs (%d) must be below webhook.timeoutSeconds x 1000 (%d), or the API server gives up before the webhook answers" $budget (mul $t 1000)) -}}
{{- end -}}
{{- if and (eq (include "dd-lint-webhook.tlsMode" .) "secret") (not .Values.tls.existingSecret.caBundle) -}}
{{- fail "tls.existingSecret.caBundle is required with tls.existingSecret.name: the base64 PEM of the CA that signed its certificate" -}}
{{- end -}}
{{- if ge (int .Values.tls.managed.renewBeforeDays) (int .Values.tls.managed.certValidityDays) -}}
{{- fail (printf "tls.managed.renewBeforeDays (%d) must be below tls.managed.certValidityDays (%d), or the certificate is renewed on every pass" (int .Values.tls.managed.renewBeforeDays) (int .Values.tls.managed.certValidityDays)) -}}
{{- end -}}
{{- if and .Values.audit.enabled (not .Values.clusterContext.enabled) -}}
{{- fail "audit.enabled needs clusterContext.enabled: the audit evaluates what the cluster context reads" -}}
{{- end -}}
{{- if and .Values.tls.certManager.enabled .Values.tls.certManager.issuerRef (not .Values.tls.certManager.issuerRef.name) -}}
{{- fail "tls.certManager.issuerRef.name is required when tls.certManager.issuerRef is set" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.minReplicas) 2) -}}
{{- fail "autoscaling.minReplicas must be 2 or more: with one pod a drain or a crash leaves the API server without a webhook" -}}
{{- end -}}
{{- if not (has .Values.topologySpread.whenUnsatisfiable (list "ScheduleAnyway" "DoNotSchedule")) -}}
{{- fail (printf "topologySpread.whenUnsatisfiable must be ScheduleAnyway or DoNotSchedule, not %q" (toString .Values.topologySpread.whenUnsatisfiable)) -}}
{{- end -}}
{{- end -}}
