/**
 * The proxy server: its options, the serve command line ({@code ServeArguments}, flags from
 * {@code dev.toolgate.contract}), the stages every event loop shares, and its metrics. Wires the packages below
 * together; orchestration of one request lives in {@code exchange}.
 */
package dev.toolgate.proxy;
