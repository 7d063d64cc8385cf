package dev.toolgate.proxy;

import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.contract.ServeFlag;
import dev.toolgate.proxy.counters.FailureMode;
import dev.toolgate.proxy.counters.RedisSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeArgumentsTest {
    /** The operator renders its pods' command line through the contract's record; this parser must read it back. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theOperatorsCommandLineReadsBackAsWhatItDescribes(boolean withApiKeys) {
        KubernetesServe command = new KubernetesServe(PolicyConfigMap.of("conductor"), "conductor",
                "http://127.0.0.1:8000/mcp", 8080, "0.0.0.0", 9090, withApiKeys ? "/etc/toolgate/api-keys/api-keys.yaml" : null);
        List<String> argv = command.args();
        assertThat(argv.get(0)).isEqualTo(ServeFlag.COMMAND);

        ServeArguments args = ServeArguments.parse(argv.subList(1, argv.size()).toArray(String[]::new));

        assertThat(args.kubernetesMode()).isTrue();
        assertThat(args.policyConfigMap()).isEqualTo("conductor-toolgate-policy");
        assertThat(args.mcpServer()).isEqualTo("conductor");
        assertThat(args.upstream()).isEqualTo(URI.create("http://127.0.0.1:8000/mcp"));
        assertThat(args.port()).isEqualTo(8080);
        assertThat(args.bind()).isEqualTo("0.0.0.0");
        assertThat(args.adminPort()).isEqualTo(9090);
        assertThat(args.adminBind()).isEqualTo("0.0.0.0");
        assertThat(args.apiKeys()).isEqualTo(withApiKeys ? Path.of("/etc/toolgate/api-keys/api-keys.yaml") : null);
    }

    @Test
    void everyFlagOfTheContractIsReadByTheParser() {
        for (ServeFlag flag : ServeFlag.values()) {
            String value = switch (flag) {
                case UPSTREAM -> "http://127.0.0.1:3000/mcp";
                case PORT, ADMIN_PORT, MAX_BODY_BYTES, EVENT_LOOPS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS,
                        MAX_SESSIONS, REDIS_TIMEOUT_MS, REPLICAS, TOKEN_REVIEW_TTL, APPROVAL_TTL, APPROVAL_HOLD_OPEN,
                        APPROVAL_WAIT -> "1";
                case APPROVAL_URL -> "https://toolgate.example.com";
                case REDIS -> "redis://127.0.0.1:6379";
                case REDIS_FAILURE -> "local";
                case ON_TOOL_CHANGE -> "deny";
                case TRUST_ANNOTATIONS -> "true";
                case OIDC_ISSUER, OIDC_JWKS_URI -> "https://issuer.example.test";
                case OIDC_AUDIENCE -> "https://mcp.example.test/mcp";
                default -> "x";
            };
            boolean redisOption = flag.name().startsWith("REDIS_") || flag == ServeFlag.REPLICAS;
            List<String> more = new ArrayList<>(flag == ServeFlag.POLICY || flag == ServeFlag.POLICY_CONFIGMAP
                    ? List.of("--upstream", "http://127.0.0.1:3000/mcp")
                    : List.of("--policy-configmap", "cm", "--upstream", "http://127.0.0.1:3000/mcp"));
            if (redisOption) {
                more.addAll(List.of("--redis", "redis://r:6379"));
            }
            if (flag != ServeFlag.OIDC_ISSUER && flag.text().matches("--(oidc-.*|identity-claim|grants-claim|required-scope)")) {
                more.addAll(List.of("--oidc-issuer", "https://issuer.example.test"));
            }
            if (flag != ServeFlag.OIDC_AUDIENCE && flag.text().matches("--(oidc-.*|identity-claim|grants-claim|required-scope)")) {
                more.addAll(List.of("--oidc-audience", "https://mcp.example.test/mcp"));
            }
            String[] rest = more.toArray(String[]::new);
            String[] argv = new String[rest.length + 2];
            argv[0] = flag.text();
            argv[1] = value;
            System.arraycopy(rest, 0, argv, 2, rest.length);
            assertThat(ServeArguments.parse(argv)).as(flag.text()).isNotNull();
        }
    }

    @Test
    void approvalFlagsAreReadAndChecked() {
        ServeArguments args = ServeArguments.parse(new String[]{"--policy", "p.yaml", "--upstream", "http://127.0.0.1:3000/mcp",
                "--admin-keys", "/etc/toolgate/admin-keys.yaml", "--approval-ttl", "600", "--approval-url", "https://tg.example.com/"});
        assertThat(args.adminKeys()).isEqualTo(Path.of("/etc/toolgate/admin-keys.yaml"));
        assertThat(args.approvalTtlSeconds()).isEqualTo(600);
        assertThat(args.approvalUrl()).isEqualTo("https://tg.example.com/");
        assertThat(args.approvalWait()).isNull(); // the default, 30 s
        ServeArguments waits = ServeArguments.parse(new String[]{"--policy", "p.yaml", "--upstream",
                "http://127.0.0.1:3000/mcp", "--approval-wait", "0", "--approval-state-key-file", "/etc/toolgate/state/key"});
        assertThat(waits.approvalWait()).isEqualTo(java.time.Duration.ZERO);
        assertThat(waits.approvalStateKeyFile()).isEqualTo(Path.of("/etc/toolgate/state/key"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p.yaml",
                        "--upstream", "http://127.0.0.1:3000/mcp", "--approval-wait", "61"}))
                .hasMessageStartingWith("--approval-wait is 0 to 60 seconds");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p.yaml",
                        "--upstream", "http://127.0.0.1:3000/mcp", "--approval-url", "javascript:alert(1)"}))
                .hasMessageStartingWith("--approval-url must be an http(s) URL");
    }

    @Test
    void anApprovalUrlMayBeATemplateTakingTheIdInItsPath() {
        String template = "https://approvals.example.com/approvals/agents/" + ServeFlag.APPROVAL_URL_ID;
        ServeArguments args = ServeArguments.parse(new String[]{"--policy-configmap", "cm", "--upstream",
                "http://127.0.0.1:3000/mcp", "--approval-url", template});
        assertThat(args.approvalUrl()).isEqualTo(template);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://approvals.example.com/approvals/{id}/{id}",
            "https://{id}.example.com/approvals",
            "https://approvals.example.com/approvals?id={id}",
            "https://approvals.example.com/approvals#{id}",
            "https://bob:secret@approvals.example.com/approvals/agents/{id}",
            "https://bob@approvals.example.com",
            "ftp://approvals.example.com/approvals/{id}",
            "/approvals/agents/{id}"})
    void anApprovalUrlIsRefusedUnlessAnHttpUrlWithoutUserInfoAndAtMostOneIdInItsPath(String url) {
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy-configmap", "cm", "--upstream",
                "http://127.0.0.1:3000/mcp", "--approval-url", url}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--approval-url ");
    }

    @Test
    void theOperatorsApprovalUrlReadsBack() {
        String template = "https://approvals.example.com/approvals/agents/" + ServeFlag.APPROVAL_URL_ID;
        KubernetesServe command = new KubernetesServe(PolicyConfigMap.of("conductor"), "conductor",
                "http://127.0.0.1:8000/mcp", 8080, "0.0.0.0", 9090, null, null, false, null, null,
                new KubernetesServe.Approval(null, null, 0, template));
        List<String> argv = command.args();

        ServeArguments args = ServeArguments.parse(argv.subList(1, argv.size()).toArray(String[]::new));

        assertThat(args.approvalUrl()).isEqualTo(template);
    }

    @Test
    void theDocumentedCommandLineWithDefaults() {
        ServeArguments args = ServeArguments.parse(new String[]{"--policy", "p.yaml", "--upstream", "http://127.0.0.1:3000/mcp"});

        assertThat(args.policy()).isEqualTo(Path.of("p.yaml"));
        assertThat(args.port()).isEqualTo(8080);
        assertThat(args.bind()).isEqualTo("127.0.0.1");
        assertThat(args.adminPort()).isEqualTo(9090);
        assertThat(args.auditLog()).isEqualTo("-");
        assertThat(args.kubernetesMode()).isFalse();
        ProxyOptions options = args.toOptions().build();
        assertThat(options.upstream()).isEqualTo(URI.create("http://127.0.0.1:3000/mcp"));
        assertThat(options.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(options.maxConnections()).isEqualTo(ProxyOptions.DEFAULT_MAX_CONNECTIONS);
        assertThat(options.headTimeout()).hasSeconds(10);
    }

    @Test
    void everyOption() {
        ServeArguments args = ServeArguments.parse(new String[]{"--policy-configmap", "cm", "--namespace", "ns",
                "--mcp-server", "conductor", "--upstream", "https://up:8443/mcp", "--port", "0", "--bind", "0.0.0.0",
                "--admin-port", "0", "--admin-bind", "0.0.0.0", "--api-keys", "/etc/keys.yaml", "--audit-log", "/tmp/a.log",
                "--allow-origin", "https://a", "--allow-host", "proxy.ns.svc", "--max-body-bytes", "1024", "--event-loops", "1",
                "--max-connections", "100", "--max-connections-per-address", "10",
                "--max-sessions", "50"});

        assertThat(args.kubernetesMode()).isTrue();
        assertThat(args.namespace()).isEqualTo("ns");
        ProxyOptions options = args.toOptions().build();
        assertThat(options.allowedHosts()).containsExactly("proxy.ns.svc");
        assertThat(options.allowedOrigins()).containsExactly("https://a");
        assertThat(options.maxBodyBytes()).isEqualTo(1024);
        assertThat(options.maxConnections()).isEqualTo(100);
        assertThat(options.maxConnectionsPerAddress()).isEqualTo(10);
        assertThat(options.maxSessions()).isEqualTo(50);
        assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(options.eventLoops()).isEqualTo(1);
    }

    @Test
    void sharedCountersInRedisWithThePasswordFromTheEnvironmentOrAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String[] base = {"--policy", "p", "--upstream", "http://u/mcp"};
        assertThat(ServeArguments.parse(base).redis()).as("counters in memory by default").isNull();

        ServeArguments.RedisArguments defaults = ServeArguments.parse(concat(base, "--redis", "redis://cache:6379")).redis();
        RedisSettings settings = defaults.settings(Map.of(PodEnvironment.REDIS_PASSWORD, "from-env"), "standalone");
        assertThat(settings.failureMode()).isEqualTo(FailureMode.CLOSED);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.replicas()).isEqualTo(1);
        assertThat(settings.password()).isEqualTo("from-env");
        assertThat(settings.toString()).doesNotContain("from-env");

        Path passwordFile = Files.writeString(dir.resolve("password"), "from-file\n");
        ServeArguments.RedisArguments every = ServeArguments.parse(concat(base, "--redis", "rediss://cache:6380",
                "--redis-failure", "local", "--redis-password-file", passwordFile.toString(), "--redis-ca-file", "/etc/ca.pem",
                "--redis-timeout-ms", "20", "--replicas", "3")).redis();
        RedisSettings tls = every.settings(Map.of(PodEnvironment.REDIS_PASSWORD, "from-env"), "ns/server");
        assertThat(tls.password()).as("the file wins").isEqualTo("from-file");
        assertThat(tls.tls()).isTrue();
        assertThat(tls.failureMode()).isEqualTo(FailureMode.LOCAL);
        assertThat(tls.caFile()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(tls.timeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(tls.replicas()).isEqualTo(3);
        assertThat(tls.keyTag()).isEqualTo("ns/server");
    }

    @Test
    void redisMistakesAreExplained() {
        String[] base = {"--policy", "p", "--upstream", "http://u/mcp"};
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--redis", "redis://:hunter2@cache:6379")))
                .hasMessageContaining("must not carry a password").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--redis", "http://cache:6379"))).hasMessageContaining("redis://");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--redis", "redis://c:1", "--redis-failure", "open")))
                .hasMessageContaining("closed or local");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--redis-failure", "local"))).hasMessageContaining("go with --redis");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--redis", "redis://c:1", "--replicas", "0")))
                .hasMessageContaining("positive");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--upstream", "http://u/mcp"})).hasMessageContaining("exactly one of --policy");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p"})).hasMessageContaining("--upstream URL is required");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "ftp://x"})).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u", "--port", "70000"}))
                .hasMessageContaining("port number");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u", "--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u", "--verbose", "x"}))
                .hasMessageContaining("unknown option --verbose");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u", "--namespace", "x"}))
                .hasMessageContaining("go with --policy-configmap");
    }

    @Test
    void theToolInventoryFlags() {
        ServeArguments args = ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u/mcp",
                "--tool-pins", "/etc/toolgate/pins.json", "--on-tool-change", "deny", "--trust-annotations", "true"});

        assertThat(args.inventory()).isEqualTo(new dev.toolgate.proxy.inventory.InventoryArguments(
                Path.of("/etc/toolgate/pins.json"), dev.toolgate.policy.Outcome.DENY, true));
        assertThat(ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u/mcp"}).inventory())
                .isEqualTo(dev.toolgate.proxy.inventory.InventoryArguments.DEFAULTS);
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u", "--on-tool-change", "allow"}))
                .hasMessage("--on-tool-change must be require_approval or deny: allow");
        assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p", "--upstream", "http://u", "--trust-annotations", "yes"}))
                .hasMessage("--trust-annotations must be true or false: yes");
    }

    @Test
    void theOidcFlagsMakeTheResourceServerSettingsWithRepeatedScopes() {
        ServeArguments args = ServeArguments.parse(new String[]{"--policy", "p.yaml", "--upstream", "http://127.0.0.1:3000/mcp",
                "--oidc-issuer", "https://issuer.example.test", "--oidc-audience", "https://mcp.example.test/mcp",
                "--grants-claim", "groups", "--required-scope", "mcp:tools", "--required-scope", "mcp:read"});

        assertThat(args.oidc().issuer()).isEqualTo(URI.create("https://issuer.example.test"));
        assertThat(args.oidc().audience()).isEqualTo("https://mcp.example.test/mcp");
        assertThat(args.oidc().identityClaim()).isEqualTo("sub");
        assertThat(args.oidc().grantsClaim()).isEqualTo("groups");
        assertThat(args.oidc().requiredScopes()).containsExactly("mcp:tools", "mcp:read");
        assertThat(args.toOptions().build().authenticatesCallers()).isTrue();
    }

    @Test
    void oidcFlagsAreCheckedTogether() {
        String[] base = {"--policy", "p.yaml", "--upstream", "http://127.0.0.1:3000/mcp"};
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--oidc-issuer", "https://issuer.example.test")))
                .hasMessageContaining("--oidc-audience");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--required-scope", "a")))
                .hasMessageContaining("go with --oidc-issuer");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--oidc-issuer", "ftp://x", "--oidc-audience", "https://a/mcp")))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--token-review-ttl", "31")))
                .hasMessageContaining("at most 30");
    }

    @Test
    void theOperatorsIdentitiesComeBackFromItsCommandLine() {
        KubernetesServe serve = new KubernetesServe(PolicyConfigMap.of("conductor"), "conductor", "http://conductor:3000/mcp",
                8080, "0.0.0.0", 9090, null, null, false, null, new KubernetesServe.Identities("https://issuer.example.test",
                "https://mcp.example.test/mcp", null, "email", "roles", List.of("a", "b"), "https://mcp.example.test/mcp"));

        ServeArguments args = ServeArguments.parse(serve.args().subList(1, serve.args().size()).toArray(String[]::new));

        assertThat(args.oidc().identityClaim()).isEqualTo("email");
        assertThat(args.oidc().grantsClaim()).isEqualTo("roles");
        assertThat(args.oidc().requiredScopes()).containsExactly("a", "b");
        assertThat(args.serviceAccountAudience()).isEqualTo("https://mcp.example.test/mcp");
    }

    @Test
    void theOperatorsHoldOpenComesBackFromItsCommandLineBounded() {
        KubernetesServe serve = new KubernetesServe(PolicyConfigMap.of("conductor"), "conductor", "http://conductor:3000/mcp",
                8080, "0.0.0.0", 9090, null, null, false, null, KubernetesServe.Identities.NONE,
                new KubernetesServe.Approval(null, null, 300));

        ServeArguments args = ServeArguments.parse(serve.args().subList(1, serve.args().size()).toArray(String[]::new));

        assertThat(args.approvalHoldOpenSeconds()).isEqualTo(300);
        String[] base = {"--policy", "p.yaml", "--upstream", "http://127.0.0.1:3000/mcp"};
        assertThat(ServeArguments.parse(base).approvalHoldOpenSeconds()).as("off by default").isZero();
        assertThat(ServeArguments.parse(concat(base, "--approval-hold-open", "3600")).approvalHoldOpenSeconds()).isEqualTo(3600);
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--approval-hold-open", "3601")))
                .hasMessageContaining("0 (off) to 3600 seconds");
        assertThatThrownBy(() -> ServeArguments.parse(concat(base, "--approval-hold-open", "-1")))
                .hasMessageContaining("--approval-hold-open");
    }

    @Test
    void theOperatorsApprovalSettingsComeBackFromItsCommandLine() {
        KubernetesServe serve = new KubernetesServe(PolicyConfigMap.of("conductor"), "conductor", "http://conductor:3000/mcp",
                8080, "0.0.0.0", 9090, null, null, false, null, KubernetesServe.Identities.NONE,
                new KubernetesServe.Approval(12, "/etc/toolgate/approval-state/key", 0));

        ServeArguments args = ServeArguments.parse(serve.args().subList(1, serve.args().size()).toArray(String[]::new));

        assertThat(args.approvalWait()).isEqualTo(java.time.Duration.ofSeconds(12));
        assertThat(args.approvalStateKeyFile()).isEqualTo(Path.of("/etc/toolgate/approval-state/key"));
    }
}
