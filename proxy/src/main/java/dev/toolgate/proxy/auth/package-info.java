/**
 * API keys: bearer tokens mapped to identities and grants, loaded from a YAML file.
 */
package dev.toolgate.proxy.auth;
