package dev.toolgate.proxy.transport;

/**
 * {@code Content-Encoding} as the proxy needs it: it decides on bodies it reads, so a body must be in the identity
 * coding by the time it looks at it (upstream answers in gzip or deflate are decoded on the way in).
 */
public final class ContentCodings {
    private ContentCodings() {
    }

    /** No coding, or {@code identity}: the bytes are the content. Anything else, a list included, is not. */
    public static boolean isIdentity(String contentEncoding) {
        return contentEncoding == null || contentEncoding.isBlank() || contentEncoding.strip().equalsIgnoreCase("identity");
    }
}
