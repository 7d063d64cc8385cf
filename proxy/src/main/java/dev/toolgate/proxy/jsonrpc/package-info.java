/**
 * JSON-RPC 2.0 bodies as the proxy reads them (single messages and batches), their errors, and the MCP
 * standard headers checked against them.
 */
package dev.toolgate.proxy.jsonrpc;
