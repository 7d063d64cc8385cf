package dev.toolgate.operator.dependent;

import java.util.Map;

/**
 * Operator-wide settings of the proxies it deploys.
 *
 * @param defaultImage           the proxy image unless an McpServer names one
 * @param tokenReviewClusterRole the chart's ClusterRole granting create on tokenreviews, bound to proxies that accept
 *                               ServiceAccount tokens
 */
public record ProxySettings(String defaultImage, String tokenReviewClusterRole) {
    public static final String IMAGE_ENV = "TOOLGATE_PROXY_IMAGE";
    public static final String DEFAULT_IMAGE = "ghcr.io/toolgate/toolgate-proxy:0.1.0";
    public static final String TOKEN_REVIEW_CLUSTER_ROLE_ENV = "TOOLGATE_TOKENREVIEW_CLUSTERROLE";
    public static final String DEFAULT_TOKEN_REVIEW_CLUSTER_ROLE = "toolgate-operator-proxy-tokenreview";

    public ProxySettings(String defaultImage) {
        this(defaultImage, DEFAULT_TOKEN_REVIEW_CLUSTER_ROLE);
    }

    public static ProxySettings fromEnvironment(Map<String, String> env) {
        String image = env.get(IMAGE_ENV);
        String clusterRole = env.get(TOKEN_REVIEW_CLUSTER_ROLE_ENV);
        return new ProxySettings(image == null || image.isBlank() ? DEFAULT_IMAGE : image.strip(),
                clusterRole == null || clusterRole.isBlank() ? DEFAULT_TOKEN_REVIEW_CLUSTER_ROLE : clusterRole.strip());
    }
}
