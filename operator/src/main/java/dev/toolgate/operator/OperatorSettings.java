package dev.toolgate.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs, from its environment.
 *
 * @param watchNamespaces   namespaces to watch; empty means all (env WATCH_NAMESPACES, comma separated)
 * @param reportingInstance the reportingInstance of the Events it writes (env POD_NAME, else HOSTNAME)
 * @param httpPort          port of /metrics, /healthz and /readyz
 */
public record OperatorSettings(Set<String> watchNamespaces, String reportingInstance, int httpPort) {
    public static final int DEFAULT_HTTP_PORT = 8080;

    public OperatorSettings {
        watchNamespaces = Set.copyOf(watchNamespaces);
    }

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        String instance = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "toolgate-operator"));
        return new OperatorSettings(namespaces, instance, DEFAULT_HTTP_PORT);
    }
}
