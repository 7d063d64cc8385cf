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
        return resource("/demo/demo-policy.yaml");
    }

    /** The demo's policy as the demo runs it: with its grants: section (operators every tool, viewers two). */
    static String demoWithGrants() {
        return demo() + resource("/demo/demo-grants.yaml");
    }

    /** The demo's API keys: demo-operator-key (ops-agent, grant operators), demo-viewer-key (report-agent, grant viewers). */
    static String demoApiKeys() {
        return resource("/demo/demo-api-keys.yaml");
    }

    private static String resource(String name) {
        try (InputStream in = TestPolicies.class.getResourceAsStream(name)) {
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
