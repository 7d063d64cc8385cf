/**
 * Filtering of {@code tools/list} results by the policy in force.
 */
package dev.toolgate.proxy.filter;
