/**
 * The optional hold-open of a call waiting for approval (#19): instead of answering {@code approval_pending} at once,
 * the proxy keeps the client's POST open as an SSE stream for up to {@code --approval-hold-open} seconds, with
 * keep-alives, and answers it when a person decides. What lives here is shared by every event loop and thread-safe:
 * the bounds ({@link HoldOpenOptions}), the places for held calls ({@link HeldCalls}, capped in all and per identity),
 * and {@link HoldOpen}, which joins them with the approval book. The exchange stage does the holding itself.
 */
package dev.toolgate.proxy.hold;
