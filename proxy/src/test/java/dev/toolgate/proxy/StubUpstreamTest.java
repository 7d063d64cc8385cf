package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Tests of a proxy in front of a {@link StubUpstream}: the test starts both with the upstream's behaviour, the policy
 * and the options it needs; both are closed after each test.
 */
abstract class StubUpstreamTest {
    protected static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    protected Path dir;
    protected StubUpstream upstream;
    protected ProxyFixture proxy;

    /** An upstream that answers every request with {@code json}. */
    protected void startAnswering(String json, String policy) throws Exception {
        start((request, body) -> StubUpstream.json(request, json), policy);
    }

    protected void start(BiConsumer<HttpServerRequest, Buffer> behaviour, String policy) throws Exception {
        start(behaviour, policy, options -> { });
    }

    protected void start(BiConsumer<HttpServerRequest, Buffer> behaviour, String policy,
                         Consumer<ProxyOptions.Builder> options) throws Exception {
        upstream = new StubUpstream(behaviour);
        proxy = new ProxyFixture(dir, upstream.uri(), policy, options);
    }

    @AfterEach
    void stopProxyAndUpstream() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }
}
