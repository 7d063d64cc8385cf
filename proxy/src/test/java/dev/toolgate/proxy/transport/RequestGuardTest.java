package dev.toolgate.proxy.transport;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGuardTest {
    @Test
    void onLoopbackOnlyLoopbackAndConfiguredHostsAreAccepted() {
        RequestGuard guard = new RequestGuard(Set.of(), Set.of("mcp.internal"), "127.0.0.1");
        assertThat(guard.check(null, "127.0.0.1:8080")).isEmpty();
        assertThat(guard.check(null, "localhost")).isEmpty();
        assertThat(guard.check(null, "[::1]:8080")).isEmpty();
        assertThat(guard.check(null, "MCP.internal:8080")).isEmpty();
        assertThat(guard.check(null, "evil.example:8080")).hasValue("Host evil.example:8080 is not allowed");
        assertThat(guard.check(null, null)).isPresent();
    }

    @Test
    void onOtherAddressesHostIsFreeUnlessHostsAreConfigured() {
        assertThat(new RequestGuard(Set.of(), Set.of(), "0.0.0.0").check(null, "proxy.svc.cluster.local")).isEmpty();
        assertThat(new RequestGuard(Set.of(), Set.of("proxy"), "0.0.0.0").check(null, "other")).isPresent();
    }

    @Test
    void originsMustBeLoopbackOrConfigured() {
        RequestGuard guard = new RequestGuard(Set.of("https://app.example.com"), Set.of(), "127.0.0.1");
        assertThat(guard.check("http://localhost:6274", "localhost")).isEmpty();
        assertThat(guard.check("http://127.0.0.1", "localhost")).isEmpty();
        assertThat(guard.check("https://APP.example.com", "localhost")).isEmpty();
        assertThat(guard.check("https://app.example.com.evil.example", "localhost")).isPresent();
        assertThat(guard.check("null", "localhost")).isPresent();
        assertThat(new RequestGuard(Set.of("*"), Set.of(), "127.0.0.1").check("https://any.example", "localhost")).isEmpty();
    }
}
