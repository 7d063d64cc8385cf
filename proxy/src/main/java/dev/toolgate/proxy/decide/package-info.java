/**
 * The decide stage: the policy in force, every {@code tools/call} of a body decided, denials answered, allowed
 * calls' reservations settled when the upstream answers (or never does). Depends on the policy language, audit
 * and JSON-RPC.
 */
package dev.toolgate.proxy.decide;
