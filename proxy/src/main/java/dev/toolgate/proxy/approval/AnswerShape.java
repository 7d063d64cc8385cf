package dev.toolgate.proxy.approval;

/**
 * How the agent is told a call waits for a person, by what its client understands (the audit records which was
 * given).
 */
public enum AnswerShape {
    /** Every client: a tool result with {@code isError: true} and {@code _meta["dev.toolgate/decision"]}. */
    TOOL_RESULT("tool_result"),
    /** MCP 2025-11-25 clients that declared URL elicitation: the {@code -32042} URL-elicitation-required error. */
    URL_ELICITATION_ERROR("url_elicitation_error"),
    /** MCP 2026-07-28 clients that declare URL elicitation: a Multi Round-Trip {@code input_required} result. */
    INPUT_REQUIRED("input_required");

    private final String label;

    AnswerShape(String label) {
        this.label = label;
    }

    /** The name the audit and the docs use. */
    public String label() {
        return label;
    }
}
