package dev.toolgate.operator.approvals;

/** A request the API answers with an error: its HTTP status and the text the page shows. */
final class ApprovalsApiException extends RuntimeException {
    private final int status;

    ApprovalsApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApprovalsApiException unauthenticated() {
        return new ApprovalsApiException(401, "send Authorization: Bearer <a token the Kubernetes API server accepts>");
    }

    static ApprovalsApiException unavailable(String what) {
        return new ApprovalsApiException(503, "the Kubernetes API server did not answer (" + what + "); try again");
    }
}
