package dev.toolgate.proxy;

import dev.toolgate.proxy.counters.FailureMode;
import dev.toolgate.proxy.counters.RedisServer;
import dev.toolgate.proxy.counters.RedisSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.UUID;

/**
 * Every settlement path of {@link SettlementTest} with the counters in a real Redis: a call never sent upstream is
 * rolled back there, a call that reached the upstream counts there unless answered with a JSON-RPC error. Each proxy
 * counts under a key tag of its own, so the tests share one server and nothing else.
 */
class RedisSettlementTest extends SettlementTest {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    protected void configure(ProxyOptions.Builder options) {
        // a patient timeout: settlement is tested here, and on a loaded machine a first call may take over 50 ms
        options.redis(new RedisSettings(redis.url(), null, null, Duration.ofSeconds(5), FailureMode.CLOSED, 1,
                "settlement-" + UUID.randomUUID()));
    }
}
