package dev.toolgate.e2e;

/** What a test class started in {@code @BeforeAll} and stops in {@code @AfterAll}. */
final class TestResources {
    private TestResources() {
    }

    /**
     * Closes each resource in order, skipping those a failed {@code @BeforeAll} never made (null). Every one is closed
     * even when an earlier one fails, so one failure does not leave an operator or a proxy running into the next
     * class; the first failure is thrown, the others added to it as suppressed.
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
