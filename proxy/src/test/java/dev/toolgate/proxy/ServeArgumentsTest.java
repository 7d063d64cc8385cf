package dev.toolgate.proxy;

import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.contract.ServeFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

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
                        MAX_SESSIONS, APPROVAL_TTL -> "1";
                case APPROVAL_URL -> "https://toolgate.example.com";
                default -> "x";
            };
            String[] rest = flag == ServeFlag.POLICY || flag == ServeFlag.POLICY_CONFIGMAP
                    ? new String[]{"--upstream", "http://127.0.0.1:3000/mcp"}
                    : new String[]{"--policy-configmap", "cm", "--upstream", "http://127.0.0.1:3000/mcp"};
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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeArguments.parse(new String[]{"--policy", "p.yaml",
                        "--upstream", "http://127.0.0.1:3000/mcp", "--approval-url", "javascript:alert(1)"}))
                .hasMessageStartingWith("--approval-url must be an http(s) URL");
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
}
