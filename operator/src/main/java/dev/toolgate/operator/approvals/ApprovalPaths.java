package dev.toolgate.operator.approvals;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's paths: {@code /approvals} (the list), {@code /approvals/<namespace>/<name>} (one) and
 * {@code /approvals/<namespace>/<name>/approve|deny} (a decision). An approval's {@code id} is
 * {@code <namespace>/<name>}; the page never builds a path, it follows the {@code actions} the list gives.
 * Namespaces and names must be what Kubernetes allows (DNS labels and subdomains), so a path never carries anything
 * else to the API server.
 */
public final class ApprovalPaths {
    static final String ROOT = "/approvals";
    private static final String NAMESPACE = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String NAME = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";
    private static final Pattern ONE = Pattern.compile(ROOT + "/(" + NAMESPACE + ")/(" + NAME + ")");
    private static final Pattern DECISION = Pattern.compile(ROOT + "/(" + NAMESPACE + ")/(" + NAME + ")/(approve|deny)");

    /** One approval, and for a decision path whether it approves. */
    record Target(String namespace, String name, Optional<Boolean> approve) {
    }

    private ApprovalPaths() {
    }

    static boolean serves(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    /** The approval a path names (with its decision), or empty for {@code /approvals} itself and paths of no approval. */
    static Optional<Target> target(String path) {
        Matcher decision = DECISION.matcher(path);
        if (decision.matches()) {
            return Optional.of(new Target(decision.group(1), decision.group(3), Optional.of(decision.group(5).equals("approve"))));
        }
        Matcher one = ONE.matcher(path);
        return one.matches() ? Optional.of(new Target(one.group(1), one.group(3), Optional.empty())) : Optional.empty();
    }

    static String id(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The path of one approval: the page opens on it (the proxies' links, ProxyDeploymentDependent), the API answers it. */
    public static String one(String namespace, String name) {
        return ROOT + "/" + namespace + "/" + name;
    }

    static String decision(String namespace, String name, boolean approve) {
        return one(namespace, name) + (approve ? "/approve" : "/deny");
    }
}
