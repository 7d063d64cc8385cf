package dev.toolgate.admin.approvals;

import dev.toolgate.admin.AcceptHeader;
import dev.toolgate.admin.AdminRoute;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The approvals page, for a person's browser: {@code GET /approvals} and {@code GET /approvals/<id>} (that approval
 * highlighted) when the {@code Accept} header prefers HTML over JSON, and its two assets under
 * {@value #ASSETS}. Every other request on those paths (the JSON API's: {@code Accept: application/json}, none, or
 * another method) is left to the route after this one, so register the page before the API.
 *
 * <p>The page holds no data, so loading it needs no token; its script asks the person for one and calls the API.
 * Every answer forbids inline script and style, framing, form posts and other origins
 * ({@value #CONTENT_SECURITY_POLICY}), so that text an agent put into an approval cannot run as code here even if a
 * rendering bug let it into the markup.
 */
public final class ApprovalsPage implements AdminRoute {
    /** The page and the JSON API share this path and its subpaths. */
    public static final String PATH = "/approvals";
    /** The page's script and style sheet. */
    public static final String ASSETS = "/approvals-ui/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final String HTML = "text/html";
    private static final String JSON = "application/json";

    private final PageResource page;
    private final Map<String, PageResource> assets;

    public ApprovalsPage() {
        page = PageResource.load("index.html", "text/html; charset=utf-8");
        assets = Map.of(ASSETS + "app.js", PageResource.load("app.js", "text/javascript; charset=utf-8"),
                ASSETS + "app.css", PageResource.load("app.css", "text/css; charset=utf-8"));
    }

    /** The paths this page may answer; which requests on them it does is {@link #serves(String, HttpRequest)}. */
    @Override
    public boolean serves(String path) {
        return assets.containsKey(path) || path.equals(PATH) || path.startsWith(PATH + "/");
    }

    @Override
    public boolean serves(String path, HttpRequest request) {
        if (!request.method().equals(HttpMethod.GET) || !serves(path)) {
            return false;
        }
        return assets.containsKey(path)
                || AcceptHeader.of(request.headers().getAll(HttpHeaderNames.ACCEPT)).prefers(HTML, JSON);
    }

    @Override
    public FullHttpResponse answer(FullHttpRequest request) {
        PageResource resource = assets.getOrDefault(new QueryStringDecoder(request.uri()).path(), page);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(resource.bytes()));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, resource.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, resource.bytes().length)
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                // the same URL answers JSON to other clients
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT);
        return response;
    }

    /** One file of the page, read once from the classpath. */
    private record PageResource(byte[] bytes, String contentType) {
        static PageResource load(String name, String contentType) {
            try (InputStream in = ApprovalsPage.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the approvals page's " + name + " is missing from the classpath");
                }
                return new PageResource(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
