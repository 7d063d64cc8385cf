package dev.toolgate.proxy;

import dev.toolgate.policy.Caller;
import dev.toolgate.proxy.decide.CallDecider;
import dev.toolgate.proxy.decide.PolicyState;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.hold.HoldOpen;
import dev.toolgate.proxy.identity.CallerAuthentication;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.session.SessionTracker;
import dev.toolgate.proxy.transport.RequestGuard;

import java.util.function.Function;

/**
 * The stages and shared state every event loop's endpoint uses; all thread-safe. {@code filters} gives the
 * {@code tools/list} filter of a caller; {@code holdOpen} holds calls waiting for approval open.
 */
public record ProxyServices(ProxyOptions options, RequestGuard guard, JsonRpcParser parser, PolicyState policy,
                     CallDecider decider, Function<Caller, ToolsListFilter> filters, SessionTracker sessions,
                     ProxyMetrics metrics, CallerAuthentication authentication, HoldOpen holdOpen) {
}
