package dev.toolgate.proxy.kubernetes;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The mock API server logs every request at INFO through java.util.logging; the test output needs only warnings. */
final class QuietMockServer {
    // held so the level is not lost when the logger is garbage-collected
    private static final Logger MOCK_WEB_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

    private QuietMockServer() {
    }

    static void install() {
        MOCK_WEB_SERVER.setLevel(Level.WARNING);
    }
}
