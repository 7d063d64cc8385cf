{{/* The chart's name, overridable. */}}
{{- define "toolgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: <release>-<chart> unless the release name already holds the chart name. */}}
{{- define "toolgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The operator's objects: the full name with an -operator suffix. */}}
{{- define "toolgate.operatorName" -}}
{{- printf "%s-operator" (include "toolgate.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "toolgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "toolgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: toolgate
{{- end }}

{{- define "toolgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "toolgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "toolgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "toolgate.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "toolgate.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "toolgate.proxyImage" -}}
{{- printf "%s:%s" .Values.proxyImage.repository (default .Chart.AppVersion .Values.proxyImage.tag) }}
{{- end }}

{{/*
The operator's permissions, the same cluster-wide or per namespace, exactly those of docs/operator.md: read its
resources and patch their status; manage the proxies' ConfigMap, Service, ServiceAccount, Deployment, Role and
RoleBinding (no delete: they go with their McpServer by owner reference); write Events. Kubernetes lets it grant only
what it holds, so it also holds the proxy Role's rules: configmaps get/list/watch (covered), its McpServer get/list/watch
and mcpservers/status patch (covered: the tool inventory) and events.k8s.io events create/patch/update. With the
approvals API, toolcallapprovals/status patch. No Secrets, no finalizers, no leader election.
*/}}
{{- define "toolgate.operatorRules" -}}
- apiGroups: ["toolgate.dev"]
  resources: ["mcpservers", "toolpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["toolgate.dev"]
  resources: ["mcpservers/status", "toolpolicies/status"]
  verbs: ["patch"]
# held to grant them to each proxy's Role (RBAC lets no one grant what it does not hold), and read by the approvals API
- apiGroups: ["toolgate.dev"]
  resources: ["toolcallapprovals"]
  verbs: ["create", "get", "list", "watch", "patch"]
{{- if .Values.approvalsApi.enabled }}
# the approvals API writes a person's decision, after a TokenReview and a SubjectAccessReview for them
- apiGroups: ["toolgate.dev"]
  resources: ["toolcallapprovals/status"]
  verbs: ["patch"]
{{- end }}
- apiGroups: [""]
  resources: ["configmaps", "services", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
# the approval state key of each McpServer (<name>-toolgate-approval-state): created, never read or updated
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["create"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch", "update"]
{{- end }}

{{/* The operator's user name as the API server knows it: the admission policy admits it naming another approver. */}}
{{- define "toolgate.operatorUsername" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "toolgate.serviceAccountName" .) }}
{{- end }}
