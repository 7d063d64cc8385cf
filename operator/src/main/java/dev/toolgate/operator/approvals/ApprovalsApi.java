package dev.toolgate.operator.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.admin.AdminRoute;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster-wide approvals API on the operator's HTTP port (the contract the shared page reads, docs/approval.md):
 * {@code GET /approvals}, {@code GET /approvals/<namespace>/<name>}, {@code POST /approvals/<namespace>/<name>/approve}
 * or {@code /deny} with {@code {"reason":"…"}}. Every request asks the API server (TokenReview, SubjectAccessReview,
 * the resources), which blocks: that happens on a few threads of its own behind a bounded queue (full: 503), never on
 * the admin loop, with a timeout on each API call and on the whole answer. Errors are {@code {"error":"…"}}.
 */
public final class ApprovalsApi implements AdminRoute, AutoCloseable {
    static final int WORKERS = 4;
    static final int QUEUE = 64;
    static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final ApprovalRequests requests;
    private final ExecutorService workers;
    private final KubernetesClient ownClient;

    private ApprovalsApi(ApprovalRequests requests, ExecutorService workers, KubernetesClient ownClient) {
        this.requests = requests;
        this.workers = workers;
        this.ownClient = ownClient;
    }

    /**
     * On a client of its own, made from the operator's configuration (its credentials) with {@link #API_TIMEOUT} on
     * every request and no retries: a person waits for an answer, a stuck API server must not hold them.
     *
     * @param watchNamespaces the operator's; empty: every namespace
     */
    public static ApprovalsApi start(KubernetesClient operatorClient, Set<String> watchNamespaces, Clock clock) {
        int timeout = (int) API_TIMEOUT.toMillis();
        Config config = new ConfigBuilder(operatorClient.getConfiguration())
                .withRequestTimeout(timeout).withConnectionTimeout(timeout).withRequestRetryBackoffLimit(0).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ApprovalRequests requests = new ApprovalRequests(client, watchNamespaces,
                new PersonAuthenticator(client, clock, PersonAuthenticator.MAX_TTL), new ApprovalAccess(client), clock);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "toolgate-approvals-api");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        return new ApprovalsApi(requests, workers, client);
    }

    @Override
    public boolean serves(String path) {
        return ApprovalPaths.serves(path);
    }

    @Override
    public CompletionStage<FullHttpResponse> answerLater(FullHttpRequest request) {
        HttpVersion version = request.protocolVersion();
        // everything needed is copied now: the server releases the request when this returns
        ApprovalRequest copy = new ApprovalRequest(request.method().equals(HttpMethod.POST) ? ApprovalRequest.Method.POST
                : request.method().equals(HttpMethod.GET) ? ApprovalRequest.Method.GET : ApprovalRequest.Method.OTHER,
                new QueryStringDecoder(request.uri()).path(), request.headers().get(HttpHeaderNames.AUTHORIZATION),
                request.content().readableBytes() > DecisionBody.MAX_BODY ? null : ByteBufUtil.getBytes(request.content()));
        try {
            return CompletableFuture.supplyAsync(() -> requests.answer(copy), workers)
                    .orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((answer, failure) -> failure == null ? response(version, answer)
                            : response(version, timedOut(failure)
                            ? ApprovalAnswer.error(503, "the Kubernetes API server did not answer in time; try again")
                            : ApprovalAnswer.error(500, "internal error")));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(response(version,
                    ApprovalAnswer.error(503, "too many approval requests at once; try again")));
        }
    }

    private static boolean timedOut(Throwable failure) {
        return failure instanceof TimeoutException
                || failure instanceof CompletionException && failure.getCause() instanceof TimeoutException;
    }

    private static FullHttpResponse response(HttpVersion version, ApprovalAnswer answer) {
        byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (answer.status() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"toolgate-operator\"");
        }
        return response;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        ownClient.close();
    }

    /** A status and a JSON body. */
    record ApprovalAnswer(int status, JsonNode body) {
        static ApprovalAnswer ok(JsonNode body) {
            return new ApprovalAnswer(200, body);
        }

        static ApprovalAnswer error(int status, String message) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", message);
            return new ApprovalAnswer(status, body);
        }
    }
}
