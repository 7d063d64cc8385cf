package dev.toolgate.operator.approvals;

/**
 * What the API needs of an HTTP request, copied off the admin loop's buffer.
 *
 * @param authorization the {@code Authorization} header, or null
 * @param body          the body's bytes; null when it was over the bound
 */
record ApprovalRequest(Method method, String path, String authorization, byte[] body) {
    enum Method { GET, POST, OTHER }
}
