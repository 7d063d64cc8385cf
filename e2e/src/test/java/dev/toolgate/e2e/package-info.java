/**
 * End-to-end tests on a real Kubernetes API server: kube-apiserver and etcd built from Go sources by
 * {@code scripts/kube-control-plane.sh} and started by fabric8's kube-api-test, with RBAC on and an audit log. The
 * CRDs go in with the real kubectl, the chart with Helm, the operator and the proxy run in this JVM as their
 * ServiceAccounts (impersonated: there is no kubelet to run their pods).
 */
package dev.toolgate.e2e;
