/**
 * The {@code toolgate-proxy} jar's commands: serve, demo, validate, explain. Depends on the proxy, the demo server
 * and the policy language.
 */
package dev.toolgate.cli;
