package dev.toolgate.policy;

/**
 * One thing wrong with a policy document, with where it is and how to fix it, e.g.
 * {@code tools.run_workflow.limits[0].window: "minit" is not a window; use second, minute, hour, day or a number of seconds}.
 *
 * @param path    the location in the document, dotted with [index] for arrays
 * @param message what is wrong and how to fix it
 */
public record PolicyError(String path, String message) {
    @Override
    public String toString() {
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }
}
