/**
 * The operator's entry point, settings and runtime (java-operator-sdk, the controllers registered, the admin
 * server started). May depend on every operator package, the policy language, the contract and the admin server;
 * never on the proxy.
 */
package dev.toolgate.operator;
