package dev.toolgate.proxy.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The MCP sessions open through the proxy, each bound to the identity that opened it ({@code toolgate_sessions_open}
 * counts them). A session is tracked only once the upstream accepted it: it handed the id out, or answered a request
 * carrying it with 2xx. It stays while it has traffic or an open stream, and ends on DELETE, on the upstream answering
 * 404 for it, or after {@code idleTimeout} without either. At most {@code maxSessions} are tracked: at the cap new
 * sessions are refused (the endpoint answers {@code initialize} with 503) rather than live ones evicted, since
 * evicting would let one identity end everyone else's sessions by opening its own.
 *
 * <p>Per session it also keeps what the client declared in {@code initialize} that the proxy answers by (URL
 * elicitation, MCP 2025-11-25), and the open GET streams the proxy can add an event of its own to
 * ({@link #send}); at most {@value #MAX_SINKS} per session.
 */
public final class SessionTracker {
    /** What the proxy knows of a session id a request carries. */
    public enum Access {
        /** Tracked, opened by the caller's identity. */
        OWN,
        /** Tracked, opened by another identity: to the caller it does not exist. */
        FOREIGN,
        /** Not tracked: never accepted by the upstream through this proxy, ended, or expired. */
        UNKNOWN
    }

    /** The most GET streams of one session the proxy can send to; more are relayed but not sent to. */
    public static final int MAX_SINKS = 4;
    /**
     * The most notifications of the proxy's own kept for a session while it has no GET stream open (a client
     * reconnecting its stream, or one whose stream's head has not come yet); the oldest are dropped past it.
     */
    public static final int MAX_UNDELIVERED = 16;

    private static final class Session {
        final String owner;
        volatile long lastSeenNanos;
        volatile boolean urlElicitation;
        final AtomicInteger streams = new AtomicInteger();
        final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
        /** Guarded by the session: sends and stream openings take its lock, so none is lost between the two. */
        final Deque<String> undelivered = new ArrayDeque<>();

        Session(String owner, long now) {
            this.owner = owner;
            this.lastSeenNanos = now;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final int maxSessions;
    private final LongSupplier nanoTime;

    public SessionTracker(Duration idleTimeout, int maxSessions, MeterRegistry registry) {
        this(idleTimeout, maxSessions, registry, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock idleness is measured with (tests pass their own) */
    public SessionTracker(Duration idleTimeout, int maxSessions, MeterRegistry registry, LongSupplier nanoTime) {
        this.idleNanos = idleTimeout.toNanos();
        this.maxSessions = maxSessions;
        this.nanoTime = nanoTime;
        Gauge.builder("toolgate.sessions.open", sessions, Map::size)
                .description("MCP sessions open through the proxy").register(registry);
    }

    public Access access(String sessionId, String identity) {
        Session session = sessions.get(sessionId);
        return session == null ? Access.UNKNOWN : session.owner.equals(identity) ? Access.OWN : Access.FOREIGN;
    }

    /** No room for another session. */
    public boolean full() {
        return sessions.size() >= maxSessions;
    }

    /**
     * The upstream accepted {@code sessionId} in answer to {@code identity}'s request: it is tracked for that identity
     * (unless it already is, or there is no room) and counts as seen.
     */
    public void accepted(String sessionId, String identity) {
        if (sessionId == null || !SessionIds.valid(sessionId)) {
            return;
        }
        long now = nanoTime.getAsLong();
        Session session = sessions.get(sessionId);
        if (session == null && !full()) {
            session = sessions.computeIfAbsent(sessionId, id -> new Session(identity, now));
        }
        if (session != null) {
            session.lastSeenNanos = now;
        }
    }

    /** A stream of a tracked session opened; untracked ids are ignored. */
    public void streamOpened(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.lastSeenNanos = nanoTime.getAsLong();
            session.streams.incrementAndGet();
        }
    }

    /**
     * A GET stream of a tracked session opened, to which {@code sink} adds one JSON-RPC message as an event of its
     * own (on the stream's event loop). Untracked ids are ignored.
     */
    public void streamOpened(String sessionId, Consumer<String> sink) {
        streamOpened(sessionId);
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null) {
            return;
        }
        List<String> kept;
        synchronized (session) {
            if (session.sinks.size() >= MAX_SINKS) {
                return;
            }
            session.sinks.add(sink);
            kept = List.copyOf(session.undelivered);
            session.undelivered.clear();
        }
        kept.forEach(sink);
    }

    public void streamClosed(String sessionId, Consumer<String> sink) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.sinks.remove(sink);
        }
        streamClosed(sessionId);
    }

    /**
     * Sends {@code json} on every open GET stream of the session; false when it has none, and then it is kept (at most
     * {@value #MAX_UNDELIVERED}) for the session's next stream: a client reconnects its stream now and then, and a
     * notification sent in between would otherwise be lost.
     */
    public boolean send(String sessionId, String json) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        List<Consumer<String>> open;
        synchronized (session) {
            if (session.sinks.isEmpty()) {
                if (session.undelivered.size() >= MAX_UNDELIVERED) {
                    session.undelivered.removeFirst();
                }
                session.undelivered.addLast(json);
                return false;
            }
            open = List.copyOf(session.sinks);
        }
        open.forEach(sink -> sink.accept(json));
        return true;
    }

    /** What the session's {@code initialize} declared: URL elicitation (capabilities.elicitation.url) or not. */
    public void declared(String sessionId, boolean urlElicitation) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.urlElicitation = urlElicitation;
        }
    }

    public boolean declaresUrlElicitation(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        return session != null && session.urlElicitation;
    }

    public void streamClosed(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.streams.decrementAndGet();
            session.lastSeenNanos = nanoTime.getAsLong();
        }
    }

    public void ended(String sessionId) {
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }

    /** Forgets sessions idle past the timeout with no open stream. */
    public void sweep() {
        long now = nanoTime.getAsLong();
        sessions.entrySet().removeIf(e -> e.getValue().streams.get() <= 0 && now - e.getValue().lastSeenNanos > idleNanos);
    }

    /** GET streams of tracked sessions open through the proxy now. */
    public int streams() {
        return sessions.values().stream().mapToInt(session -> Math.max(0, session.streams.get())).sum();
    }

    public int open() {
        return sessions.size();
    }
}
