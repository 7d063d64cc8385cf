/**
 * The contract between the operator and the proxy, as types both compile against instead of literals copied on
 * both sides: the policy ConfigMap ({@link dev.toolgate.contract.PolicyConfigMap}: its name, key, annotation and the
 * deny-all policy), the proxy's {@code serve} flags ({@link dev.toolgate.contract.ServeFlag}), the command line the
 * operator runs the proxy with ({@link dev.toolgate.contract.KubernetesServe}, its shared counters
 * {@link dev.toolgate.contract.RedisServe}) and the pod environment the proxy reads
 * ({@link dev.toolgate.contract.PodEnvironment}). Depends on nothing but the JDK.
 */
package dev.toolgate.contract;
