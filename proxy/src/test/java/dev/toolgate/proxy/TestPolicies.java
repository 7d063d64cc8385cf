package dev.toolgate.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Policies the proxy tests run with. */
final class TestPolicies {
    private TestPolicies() {
    }

    /** The demo's bundled policy: run_workflow 10/minute per grant + a name regex, delete denied, one tool hidden. */
    static String demo() {
        try (InputStream in = TestPolicies.class.getResourceAsStream("/demo/demo-policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Allows everything except delete_workflow; run_workflow once a minute per session. */
    static final String ONE_RUN_PER_MINUTE = """
            {"version": "1", "default": "allow",
             "tools": {
               "run_workflow": {"limits": [{"counter": "runs", "window": "minute", "max": 1, "scope": "session"}]},
               "delete_workflow": {"action": "deny", "reason": "no deleting"}}}
            """;

    /** Everything allowed. */
    static final String ALLOW_ALL = """
            {"version": "1", "default": "allow", "tools": {}}
            """;
}
