package dev.toolgate.proxy.exchange;

import dev.toolgate.proxy.ProxyServices;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.policy.Caller;
import dev.toolgate.proxy.identity.CallerAuthentication;
import dev.toolgate.proxy.identity.Challenge;
import dev.toolgate.proxy.identity.ProtectedResource;
import dev.toolgate.proxy.identity.Verdict;
import dev.toolgate.proxy.forward.ResponseRelay;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.session.SessionGate;
import dev.toolgate.proxy.transport.ClientRequest;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.HeadRules;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.Transport;
import dev.toolgate.proxy.transport.UpstreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The MCP endpoint on one event loop: {@code /mcp} with POST (messages), GET (the server's SSE stream) and DELETE
 * (end a session). Every request passes the head checks (no ambiguous headers), the transport checks (DNS
 * rebinding), authentication (a token checked off the event loop holds the body until its verdict is back) and the
 * session check (a session belongs to the identity that opened it) first; a POST
 * body is read up to the size limit within the request timeout and handed to a {@link PostExchange}. Its upstream
 * connections, deadlines and relayed streams belong to its event loop: use it only there.
 */
public final class McpEndpoint implements Consumer<ClientRequest>, AutoCloseable {
    public static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final ProxyServices services;
    private final UpstreamClient upstream;
    private final ResponseRelay relay;
    private final Deadlines deadlines;
    private final SessionGate sessionGate;
    private final CallerAuthentication authentication;
    private final EventLoop loop;
    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);

    public McpEndpoint(EventLoop loop, Transport transport, ProxyServices services) {
        this.services = services;
        this.loop = loop;
        ProxyOptions options = services.options();
        this.upstream = new UpstreamClient(loop, transport, options);
        this.deadlines = new Deadlines(loop, Stream.of(options.requestTimeout(), options.upstreamResponseTimeout(),
                options.idleTimeout(), options.headTimeout()).min(Duration::compareTo).orElseThrow());
        this.sessionGate = new SessionGate(services.sessions(), options.authenticatesCallers());
        this.authentication = services.authentication();
        this.relay = new ResponseRelay(loop, deadlines, options.idleTimeout(), options.maxResponseBytes());
    }

    @Override
    public void accept(ClientRequest request) {
        long start = System.nanoTime();
        Optional<String> ambiguous = HeadRules.problem(request);
        if (ambiguous.isPresent()) {
            if (authentication.required() && request.headers().getAll(HttpHeaderNames.AUTHORIZATION).size() > 1) {
                request.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE,
                        authentication.challengeHeader(Challenge.invalidRequest("send one Authorization header")));
            }
            drainThen(request, () -> Replies.errorAndClose(request, 400, JsonRpcErrors.INVALID_REQUEST,
                    "Bad Request: " + ambiguous.get()));
            return;
        }
        ProtectedResource resource = authentication.protectedResource();
        if (resource != null && resource.isMetadataPath(request.path())) {
            serveMetadata(request, resource);
            return;
        }
        if (!PATH.equals(request.path())) {
            drainThen(request, () -> Replies.error(request.response(), 404, null, JsonRpcErrors.INVALID_REQUEST,
                    "Not found: the MCP endpoint is " + PATH));
            return;
        }
        Optional<String> refused = services.guard().check(request.getHeader(HttpHeaderNames.ORIGIN), request.host());
        if (refused.isPresent()) {
            drainThen(request, () -> Replies.error(request.response(), 403, null, JsonRpcErrors.INVALID_REQUEST,
                    "Forbidden: " + refused.get()));
            return;
        }
        if (!authentication.required()) {
            identified(request, new Verdict.Accepted(Caller.ANONYMOUS.identity(), List.of(), null, null), start);
            return;
        }
        CompletableFuture<Verdict> verdict = authentication.authenticate(request.getHeader(HttpHeaderNames.AUTHORIZATION),
                request.uri()).toCompletableFuture();
        if (verdict.isDone()) {
            identified(request, verdict.join(), start);
            return;
        }
        // the token is being checked off the event loop: the body is kept until the verdict is back here
        request.hold(services.options().maxBodyBytes());
        verdict.whenComplete((result, failure) -> loop.execute(() -> {
            if (failure != null) {
                LOG.error("token verification failed; refusing the request", failure);
            }
            identified(request, failure == null ? result : new Verdict.Refused(Challenge.INVALID_TOKEN), start);
            request.resume();
        }));
    }

    /** Goes on with an authenticated caller, or answers a refused one with the challenge. */
    private void identified(ClientRequest request, Verdict verdict, long start) {
        if (request.response().closed()) {
            return;
        }
        if (verdict instanceof Verdict.Refused refusal) {
            refuse(request, refusal.challenge());
            return;
        }
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        Caller caller = new Caller(accepted.identity(), accepted.grants(), request.getHeader(SESSION_HEADER));
        Optional<SessionGate.Refusal> noSession = sessionGate.check(request.getHeader(SESSION_HEADER), caller.identity());
        if (noSession.isPresent()) {
            drainThen(request, () -> Replies.error(request.response(), noSession.get().status(), null,
                    JsonRpcErrors.INVALID_REQUEST, noSession.get().message()));
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.POST)) {
            new PostExchange(loop, deadlines, services, upstream, relay, request, caller, accepted.tokenRef(), start).start();
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.DELETE)) {
            new StreamExchange(deadlines, services, upstream, relay, request, caller).start();
        } else {
            request.response().putHeader(HttpHeaderNames.ALLOW, "GET, POST, DELETE");
            drainThen(request, () -> Replies.error(request.response(), 405, null, JsonRpcErrors.INVALID_REQUEST,
                    "Method not allowed: " + method));
        }
    }

    private void refuse(ClientRequest request, Challenge challenge) {
        int status = challenge.status();
        if (status == 503) {
            request.response().putHeader(HttpHeaderNames.RETRY_AFTER, "1");
        } else {
            request.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, authentication.challengeHeader(challenge));
        }
        String prefix = switch (status) {
            case 400 -> "Bad Request: ";
            case 403 -> "Forbidden: ";
            case 503 -> "Service Unavailable: ";
            default -> "Unauthorized: ";
        };
        drainThen(request, () -> Replies.error(request.response(), status, null, JsonRpcErrors.INVALID_REQUEST,
                prefix + challenge.description()));
    }

    /** The Protected Resource Metadata document (RFC 9728): public, so asked for before any token. */
    private void serveMetadata(ClientRequest request, ProtectedResource resource) {
        if (!request.method().equals(HttpMethod.GET)) {
            request.response().putHeader(HttpHeaderNames.ALLOW, "GET");
            drainThen(request, () -> Replies.error(request.response(), 405, null, JsonRpcErrors.INVALID_REQUEST,
                    "Method not allowed: " + request.method()));
            return;
        }
        drainThen(request, () -> Replies.json(request.response(), 200, resource.document()));
    }

    /** Answers once a small body has been read, or at once (closing) when it is large; never buffers it. */
    private void drainThen(ClientRequest request, Runnable answer) {
        if (request.isEnded()) {
            answer.run();
            return;
        }
        Runnable answerAndClose = () -> {
            // answered without reading on: the connection closes once the answer is written
            request.response().putHeader(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            answer.run();
        };
        // a body trickled in slowly holds the connection no longer than one the proxy reads
        Deadlines.Deadline deadline = deadlines.arm(services.options().requestTimeout(), answerAndClose);
        request.response().closeHandler(deadline::cancel);
        long[] seen = {0};
        request.handler((ByteBuf chunk) -> {
            seen[0] += chunk.readableBytes();
            if (seen[0] > 64 * 1024 && !request.response().ended()) {
                deadline.cancel();
                answerAndClose.run();
            }
        });
        request.endHandler(() -> {
            deadline.cancel();
            answer.run();
        });
    }

    /** The event loop's deadlines, which the connections it serves time their heads with. */
    public Deadlines deadlines() {
        return deadlines;
    }

    @Override
    public void close() {
        relay.close();
        deadlines.close();
        upstream.close();
    }
}
