package dev.toolgate.proxy;

import dev.toolgate.proxy.decide.CallDecider;
import dev.toolgate.proxy.decide.PolicyState;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.identity.CallerAuthentication;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.session.SessionTracker;
import dev.toolgate.proxy.transport.RequestGuard;

/** The stages and shared state every event loop's endpoint uses; all thread-safe. */
public record ProxyServices(ProxyOptions options, RequestGuard guard, JsonRpcParser parser, PolicyState policy,
                     CallDecider decider, ToolsListFilter filter, SessionTracker sessions, ProxyMetrics metrics,
                     CallerAuthentication authentication) {
}
