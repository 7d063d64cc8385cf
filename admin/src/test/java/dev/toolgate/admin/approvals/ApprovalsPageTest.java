package dev.toolgate.admin.approvals;

import dev.toolgate.admin.AdminRoute;
import dev.toolgate.admin.AdminServer;
import dev.toolgate.admin.LivenessProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page on a real admin server over HTTP, registered before a stand-in for the JSON API (as the proxy and the
 * operator register it): a browser's navigation gets the page, every other request the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalsPageTest {
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EventLoopGroup group;
    private AdminServer server;
    private int port;

    /** Answers everything under /approvals with JSON, as the API does. */
    private static final class JsonApi implements AdminRoute {
        @Override
        public boolean serves(String path) {
            return path.equals(ApprovalsPage.PATH) || path.startsWith(ApprovalsPage.PATH + "/");
        }

        @Override
        public FullHttpResponse answer(FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("{\"api\":true}", StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            return response;
        }
    }

    @BeforeAll
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new AdminServer(new SimpleMeterRegistry(), () -> true, "", LivenessProbe.ALWAYS,
                List.of(new ApprovalsPage(), new JsonApi()));
        port = server.start(group, NioServerSocketChannel.class, "127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        server.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpResponse<String> send(String method, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBrowserNavigatingToTheListOrToOneApprovalGetsThePageWithItsSecurityHeaders() throws Exception {
        for (String path : List.of("/approvals", "/approvals/3f9c0d2e8a7b6c5d4e3f2a1b", "/approvals/whatever?x=<b>")) {
            HttpResponse<String> page = send("GET", path.replace("<b>", "%3Cb%3E"), BROWSER);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"/approvals-ui/app.js\" defer></script>")
                    .contains("id=\"token\"", "id=\"save-token\"", "id=\"error\"", "id=\"pending\"", "id=\"recent\"")
                    .doesNotContain("3f9c0d2e8a7b6c5d4e3f2a1b", "%3Cb%3E", "<b>");
            assertSecurityHeaders(page);
            assertThat(page.headers().firstValue("Vary")).hasValue("accept");
        }
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() throws Exception {
        String html = send("GET", "/approvals", BROWSER).body();
        assertThat(html).doesNotContain("style=", "<style", "onclick", "onload", "javascript:");
        assertThat(html.split("<script").length - 1).isEqualTo(1);
    }

    @Test
    void programsAndOtherMethodsReachTheApi() throws Exception {
        assertThat(send("GET", "/approvals", null).body()).isEqualTo("{\"api\":true}");
        assertThat(send("GET", "/approvals", "application/json").body()).isEqualTo("{\"api\":true}");
        assertThat(send("GET", "/approvals/abc", "*/*").body()).isEqualTo("{\"api\":true}");
        assertThat(send("POST", "/approvals/abc/approve", BROWSER).body()).isEqualTo("{\"api\":true}");
        assertThat(send("HEAD", "/approvals", BROWSER).headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void theAssetsAreServedWithTheirTypesWhateverTheAcceptHeader() throws Exception {
        HttpResponse<String> script = send("GET", "/approvals-ui/app.js", "*/*");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("textContent").doesNotContain("innerHTML", "insertAdjacentHTML", "eval(");
        assertSecurityHeaders(script);
        HttpResponse<String> style = send("GET", "/approvals-ui/app.css", "text/css,*/*;q=0.1");
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertSecurityHeaders(style);
    }

    @Test
    void otherPathsAreNotThePages() throws Exception {
        assertThat(send("GET", "/approvals-ui/other.js", BROWSER).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/approvalsx", BROWSER).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/approvals-ui/app.js", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/readyz", BROWSER).body()).isEqualTo("ready\n");
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
                + "script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; "
                + "frame-ancestors 'none'; base-uri 'none'");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
