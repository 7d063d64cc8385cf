package dev.toolgate.proxy.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.util.Optional;

/**
 * A client's request as the endpoint sees it: method, path and headers at once, the body as it arrives, and the
 * {@link ClientResponse} that answers it.
 */
public final class ClientRequest extends InboundBody {
    private final HttpRequest head;
    private final ClientResponse response;
    private boolean broken;

    ClientRequest(ChannelHandlerContext ctx, HttpRequest head, ClientConnection connection) {
        this.head = head;
        this.response = new ClientResponse(ctx, head, connection, this);
    }

    public HttpMethod method() {
        return head.method();
    }

    /** The path without the query; an absolute-form target ({@code http://host/mcp}) gives its path too. */
    public String path() {
        String uri = head.uri();
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && scheme < uri.indexOf('/') + 1) {
            int slash = uri.indexOf('/', scheme + 3);
            start = slash < 0 ? uri.length() : slash;
        }
        int query = uri.indexOf('?', start);
        String path = uri.substring(start, query < 0 ? uri.length() : query);
        return path.isEmpty() ? "/" : path;
    }

    /** The request target as sent (path and query). */
    public String uri() {
        return head.uri();
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    public String getHeader(CharSequence name) {
        return head.headers().get(name);
    }

    /**
     * The host the request is for: the authority of an absolute-form target when there is one (RFC 9112 §3.2.2 puts
     * it before {@code Host}), else the {@code Host} header.
     */
    public String host() {
        return targetAuthority().orElseGet(() -> head.headers().get(HttpHeaderNames.HOST));
    }

    /** The authority of an absolute-form target ({@code http://host:port/mcp}); empty for the usual origin form. */
    Optional<String> targetAuthority() {
        String uri = head.uri();
        int scheme = uri.indexOf("://");
        if (scheme <= 0 || scheme >= uri.indexOf('/') + 1) {
            return Optional.empty();
        }
        int start = scheme + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        int userInfo = authority.lastIndexOf('@');
        return Optional.of(userInfo < 0 ? authority : authority.substring(userInfo + 1));
    }

    /** The client sent {@code Expect: 100-continue} and waits for a go-ahead before its body. */
    public boolean expectsContinue() {
        return HttpUtil.is100ContinueExpected(head);
    }

    public ClientResponse response() {
        return response;
    }

    /** The head could not be read: there is no body to wait for, and what follows on the connection is unknown. */
    void markBroken() {
        markEnded();
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }
}
