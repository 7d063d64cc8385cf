/**
 * Where the policy comes from: the {@code PolicySource} interface and the watched file.
 */
package dev.toolgate.proxy.source;
