package dev.toolgate.proxy.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open MCP sessions for {@code toolgate_sessions_open}: a session opens when the upstream hands out an
 * {@code Mcp-Session-Id}, stays open while it has traffic or an open stream, and ends on DELETE, on the upstream
 * answering 404 for it, or after {@code idleTimeout} without either. The proxy keeps no other per-session state.
 */
public final class SessionTracker {
    private static final class Session {
        volatile long lastSeenNanos;
        final AtomicInteger streams = new AtomicInteger();
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final long idleNanos;

    public SessionTracker(Duration idleTimeout, MeterRegistry registry) {
        this.idleNanos = idleTimeout.toNanos();
        Gauge.builder("toolgate.sessions.open", sessions, Map::size)
                .description("MCP sessions open through the proxy").register(registry);
    }

    public void seen(String sessionId) {
        if (sessionId != null && !sessionId.isEmpty()) {
            sessions.computeIfAbsent(sessionId, id -> new Session()).lastSeenNanos = System.nanoTime();
        }
    }

    public void streamOpened(String sessionId) {
        if (sessionId != null && !sessionId.isEmpty()) {
            Session session = sessions.computeIfAbsent(sessionId, id -> new Session());
            session.lastSeenNanos = System.nanoTime();
            session.streams.incrementAndGet();
        }
    }

    public void streamClosed(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.streams.decrementAndGet();
            session.lastSeenNanos = System.nanoTime();
        }
    }

    public void ended(String sessionId) {
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }

    /** Forgets sessions idle past the timeout with no open stream. */
    public void sweep() {
        long now = System.nanoTime();
        sessions.entrySet().removeIf(e -> e.getValue().streams.get() <= 0 && now - e.getValue().lastSeenNanos > idleNanos);
    }

    public int open() {
        return sessions.size();
    }
}
