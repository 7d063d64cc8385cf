package dev.toolgate.proxy.approval;

import dev.toolgate.admin.approvals.ApprovalsPage;

/**
 * Where a person decides an approval: {@code <base>/approvals/<id>}. The base is the configured public URL, or the
 * admin port's own address once it is bound (it may be an ephemeral port).
 */
public final class ApprovalLinks {
    /** The page's and the API's path: the link opens the page in a browser, highlighting that approval. */
    public static final String PATH = ApprovalsPage.PATH;
    static final String APPROVE = "approve";
    static final String DENY = "deny";
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

    /**
     * The absolute path (no scheme or host: the page posts to its own origin) that approves or denies {@code id}:
     * {@code /approvals/<id>/approve} or {@code /deny}.
     */
    static String action(String id, String verb) {
        return PATH + "/" + id + "/" + verb;
    }

    private static String trimmed(String url) {
        return url == null ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
