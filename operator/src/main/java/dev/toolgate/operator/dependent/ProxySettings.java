package dev.toolgate.operator.dependent;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Operator-wide settings of the proxies it deploys.
 *
 * @param defaultImage           the proxy image unless an McpServer names one
 * @param tokenReviewClusterRole the chart's ClusterRole granting create on tokenreviews, bound to proxies that accept
 *                               ServiceAccount tokens
 * @param approvalsPublicUrl     where people reach the operator's approvals page (an ingress, a port-forward), without
 *                               a trailing slash; the proxies' approval links point there. Null: the links name the
 *                               proxy's admin port
 */
public record ProxySettings(String defaultImage, String tokenReviewClusterRole, String approvalsPublicUrl) {
    public static final String IMAGE_ENV = "TOOLGATE_PROXY_IMAGE";
    public static final String DEFAULT_IMAGE = "ghcr.io/toolgate/toolgate-proxy:0.1.0";
    public static final String TOKEN_REVIEW_CLUSTER_ROLE_ENV = "TOOLGATE_TOKENREVIEW_CLUSTERROLE";
    public static final String DEFAULT_TOKEN_REVIEW_CLUSTER_ROLE = "toolgate-operator-proxy-tokenreview";
    /** The chart's {@code approvalsApi.publicUrl}. */
    public static final String APPROVALS_PUBLIC_URL_ENV = "TOOLGATE_APPROVALS_PUBLIC_URL";

    public ProxySettings {
        approvalsPublicUrl = approvalsPublicUrl == null ? null : publicUrl(approvalsPublicUrl);
    }

    public ProxySettings(String defaultImage, String tokenReviewClusterRole) {
        this(defaultImage, tokenReviewClusterRole, null);
    }

    public ProxySettings(String defaultImage) {
        this(defaultImage, DEFAULT_TOKEN_REVIEW_CLUSTER_ROLE);
    }

    public static ProxySettings fromEnvironment(Map<String, String> env) {
        String image = env.get(IMAGE_ENV);
        String clusterRole = env.get(TOKEN_REVIEW_CLUSTER_ROLE_ENV);
        String publicUrl = env.get(APPROVALS_PUBLIC_URL_ENV);
        return new ProxySettings(image == null || image.isBlank() ? DEFAULT_IMAGE : image.strip(),
                clusterRole == null || clusterRole.isBlank() ? DEFAULT_TOKEN_REVIEW_CLUSTER_ROLE : clusterRole.strip(),
                publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip());
    }

    /**
     * An http(s) URL with a host and nothing after its path: the page's path and the approval follow it. No user info,
     * since it is shown to every agent; refused at start-up rather than in every proxy pod.
     */
    private static String publicUrl(String value) {
        String refusal = APPROVALS_PUBLIC_URL_ENV + " (approvalsApi.publicUrl) must be an http(s) URL without user info, "
                + "query or fragment, e.g. https://toolgate-approvals.example.com: " + value;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(refusal);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(refusal);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
