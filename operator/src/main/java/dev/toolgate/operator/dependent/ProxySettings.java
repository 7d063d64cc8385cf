package dev.toolgate.operator.dependent;

import java.util.Map;

/** Operator-wide settings of the proxies it deploys. */
public record ProxySettings(String defaultImage) {
    public static final String IMAGE_ENV = "TOOLGATE_PROXY_IMAGE";
    public static final String DEFAULT_IMAGE = "ghcr.io/toolgate/toolgate-proxy:0.1.0";

    public static ProxySettings fromEnvironment(Map<String, String> env) {
        String image = env.get(IMAGE_ENV);
        return new ProxySettings(image == null || image.isBlank() ? DEFAULT_IMAGE : image.strip());
    }
}
