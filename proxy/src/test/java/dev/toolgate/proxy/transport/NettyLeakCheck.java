package dev.toolgate.proxy.transport;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Fails the test class after which Netty finds a buffer that was garbage-collected without being released. The tests
 * run with leak detection at {@code paranoid} (surefire's argLine), so every buffer is tracked; without this check a
 * leak would only be a LEAK line in the log. Registered for every test class through JUnit's extension autodetection
 * ({@code META-INF/services}). A leak is found when the collector has cleared the buffer, so one found after a class
 * may have been made by an earlier one; its record shows where the buffer was last touched.
 */
public final class NettyLeakCheck implements AfterAllCallback {
    // Netty's buffer leak detector is one for the JVM, and so is what it reports here
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        try {
            Field detector = AbstractByteBuf.class.getDeclaredField("leakDetector");
            detector.setAccessible(true);
            ((ResourceLeakDetector<?>) detector.get(null)).setLeakListener((type, records) -> LEAKS.add(type + " " + records));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("cannot listen to Netty's buffer leak detector: " + e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer(s) collected without being released, found after "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    /** Leaks found so far, after a collection; each is reported once. */
    static List<String> collect() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // the detector looks at what the collector cleared whenever it tracks a new buffer
            ByteBufAllocator.DEFAULT.buffer(1).release();
        }
        List<String> found = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            found.add(leak);
        }
        return found;
    }
}
