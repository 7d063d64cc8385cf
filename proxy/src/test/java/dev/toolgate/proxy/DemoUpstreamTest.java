package dev.toolgate.proxy;

import dev.toolgate.demo.DemoMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests of a proxy in front of the real demo MCP server: one demo server per test class (it takes a moment to start),
 * a fresh proxy per test, which the test's own {@code @BeforeEach} starts with the policy and options it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoUpstreamTest {
    protected DemoMcpServer demo;
    protected ProxyFixture proxy;

    @BeforeAll
    void startDemo() throws Exception {
        demo = DemoMcpServer.start(0);
    }

    @AfterAll
    void stopDemo() throws Exception {
        demo.close();
    }

    @AfterEach
    void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
