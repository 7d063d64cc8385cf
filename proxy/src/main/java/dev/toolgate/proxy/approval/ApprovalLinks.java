package dev.toolgate.proxy.approval;

import dev.toolgate.admin.approvals.ApprovalsPage;
import dev.toolgate.contract.ServeFlag;

/**
 * Where a person decides an approval. The base is the configured public URL, or the admin port's own address once it
 * is bound (it may be an ephemeral port), and the link {@code <base>/approvals/<id>}; a configured URL holding
 * {@link ServeFlag#APPROVAL_URL_ID} is a template instead, the id put in its place (on Kubernetes the operator's page,
 * {@code <public URL>/approvals/<namespace>/{id}}, which this proxy does not serve).
 */
public final class ApprovalLinks {
    /** The page's and the API's path: the link opens the page in a browser, highlighting that approval. */
    public static final String PATH = ApprovalsPage.PATH;
    static final String APPROVE = "approve";
    static final String DENY = "deny";
    private volatile String base;

    public ApprovalLinks(String base) {
        this.base = isTemplate(base) ? base : trimmed(base);
    }

    /** Sets the base unless one was configured. */
    public void bound(String address) {
        if (base == null) {
            base = trimmed(address);
        }
    }

    public String of(String id) {
        String current = base;
        if (isTemplate(current)) {
            // ids are hex digits (ApprovalBook), so the result is as valid a URL as the template checked at start-up
            return current.replace(ServeFlag.APPROVAL_URL_ID, id);
        }
        return (current == null ? "" : current) + PATH + "/" + id;
    }

    /**
     * The absolute path (no scheme or host: the page posts to its own origin) that approves or denies {@code id}:
     * {@code /approvals/<id>/approve} or {@code /deny}.
     */
    static String action(String id, String verb) {
        return PATH + "/" + id + "/" + verb;
    }

    private static boolean isTemplate(String url) {
        return url != null && url.contains(ServeFlag.APPROVAL_URL_ID);
    }

    private static String trimmed(String url) {
        return url == null ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
