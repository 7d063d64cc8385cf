package dev.toolgate.operator;

import dev.toolgate.operator.dependent.ProxySettings;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs, from its environment.
 *
 * @param watchNamespaces   namespaces to watch; empty means all (env WATCH_NAMESPACES, comma separated)
 * @param reportingInstance the reportingInstance of the Events it writes (env POD_NAME, else HOSTNAME)
 * @param httpPort          port of /metrics, /healthz, /readyz and the approvals API
 * @param approvalsApi      serve the cluster-wide approvals API (env TOOLGATE_APPROVALS_API, default true; the chart
 *                          grants what it needs only when on)
 */
public record OperatorSettings(Set<String> watchNamespaces, String reportingInstance, int httpPort, boolean approvalsApi) {
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String APPROVALS_API_ENV = "TOOLGATE_APPROVALS_API";

    public OperatorSettings {
        watchNamespaces = Set.copyOf(watchNamespaces);
    }

    /** With the approvals API on. */
    public OperatorSettings(Set<String> watchNamespaces, String reportingInstance, int httpPort) {
        this(watchNamespaces, reportingInstance, httpPort, true);
    }

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        String instance = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "toolgate-operator"));
        String approvalsApi = env.getOrDefault(APPROVALS_API_ENV, "true").strip();
        if (!approvalsApi.equals("true") && !approvalsApi.equals("false")) {
            throw new IllegalArgumentException(APPROVALS_API_ENV + " is true or false: " + approvalsApi);
        }
        String publicUrl = env.getOrDefault(ProxySettings.APPROVALS_PUBLIC_URL_ENV, "");
        if (approvalsApi.equals("false") && !publicUrl.isBlank()) {
            // the proxies' links would name a page nobody serves
            throw new IllegalArgumentException(ProxySettings.APPROVALS_PUBLIC_URL_ENV + " names the approvals page, which "
                    + APPROVALS_API_ENV + "=false turns off: unset one of them");
        }
        return new OperatorSettings(namespaces, instance, DEFAULT_HTTP_PORT, Boolean.parseBoolean(approvalsApi));
    }
}
