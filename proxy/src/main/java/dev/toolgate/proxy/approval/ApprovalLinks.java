package dev.toolgate.proxy.approval;

/**
 * Where a person decides an approval: {@code <base>/approvals/<id>}. The base is the configured public URL, or the
 * admin port's own address once it is bound (it may be an ephemeral port).
 */
public final class ApprovalLinks {
    public static final String PATH = "/approvals";
    private volatile String base;

    public ApprovalLinks(String base) {
        this.base = trimmed(base);
    }

    /** Sets the base unless one was configured. */
    public void bound(String address) {
        if (base == null) {
            base = trimmed(address);
        }
    }

    public String of(String id) {
        return (base == null ? "" : base) + PATH + "/" + id;
    }

    private static String trimmed(String url) {
        return url == null ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
