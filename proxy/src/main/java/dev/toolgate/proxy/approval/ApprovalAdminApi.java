package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.admin.AdminRoute;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone approvals API on the admin port, for a person (or {@code approvals list|approve|deny}) holding an
 * admin token: {@code GET /approvals} (every record, newest first), {@code GET /approvals/{id}}, and
 * {@code POST /approvals/{id}/approve} or {@code /deny} with an optional body {@code {"reason":"…"}} (at most
 * {@value #MAX_REASON} characters). The token's identity is the approver, and must not be the identity that asked.
 * Answers are JSON; errors {@code {"error":"…"}} with fixed texts: 401 without a valid token, 403 self-approval or no
 * admin tokens configured, 404 unknown id, 409 not pending, 400 a body that is not such an object.
 */
public final class ApprovalAdminApi implements AdminRoute {
    static final int MAX_REASON = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalAdminApi.class);
    private static final Pattern DECISION = Pattern.compile(ApprovalLinks.PATH + "/([0-9a-f]{1,64})/("
            + ApprovalLinks.APPROVE + "|" + ApprovalLinks.DENY + ")");
    private static final Pattern ONE = Pattern.compile(ApprovalLinks.PATH + "/([0-9a-f]{1,64})");

    private final ApprovalBook book;
    private final ApiKeys adminKeys;
    private final ApprovalLinks links;

    /** @param adminKeys the tokens of those who may decide; null: nobody may (every request gets 403) */
    public ApprovalAdminApi(ApprovalBook book, ApiKeys adminKeys, ApprovalLinks links) {
        this.book = book;
        this.adminKeys = adminKeys;
        this.links = links;
    }

    @Override
    public boolean serves(String path) {
        return path.equals(ApprovalLinks.PATH) || path.startsWith(ApprovalLinks.PATH + "/");
    }

    @Override
    public FullHttpResponse answer(FullHttpRequest request) {
        if (adminKeys == null) {
            return error(HttpResponseStatus.FORBIDDEN, "the approvals API needs admin tokens (--admin-keys FILE or TOOLGATE_ADMIN_TOKEN)");
        }
        Optional<ApiKey> approver = adminKeys.authenticate(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (approver.isEmpty()) {
            FullHttpResponse response = error(HttpResponseStatus.UNAUTHORIZED, "send Authorization: Bearer <admin token>");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"toolgate-admin\"");
            return response;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        Matcher decision = DECISION.matcher(path);
        if (decision.matches()) {
            return request.method().equals(HttpMethod.POST)
                    ? decide(decision.group(1), decision.group(2).equals(ApprovalLinks.APPROVE), approver.get().identity(),
                    request)
                    : error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
        }
        if (!request.method().equals(HttpMethod.GET)) {
            return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET");
        }
        if (path.equals(ApprovalLinks.PATH)) {
            ObjectNode all = JsonNodeFactory.instance.objectNode();
            book.list().forEach(record -> all.withArray("approvals").add(ApprovalJson.of(record, links)));
            all.withArray("approvals");
            return json(HttpResponseStatus.OK, all);
        }
        Matcher one = ONE.matcher(path);
        Optional<ApprovalRecord> record = one.matches() ? book.get(one.group(1)) : Optional.empty();
        return record.map(r -> json(HttpResponseStatus.OK, ApprovalJson.of(r, links)))
                .orElseGet(() -> error(HttpResponseStatus.NOT_FOUND, "no such approval"));
    }

    private FullHttpResponse decide(String id, boolean approve, String approver, FullHttpRequest request) {
        Optional<String> reason = reason(request);
        if (reason == null) {
            return error(HttpResponseStatus.BAD_REQUEST, "the body must be empty or {\"reason\": \"text of at most "
                    + MAX_REASON + " characters\"}");
        }
        try {
            ApprovalRecord decided = book.decide(id, approve, approver, reason.orElse(null));
            return json(HttpResponseStatus.OK, ApprovalJson.of(decided, links));
        } catch (ApprovalDecisionException e) {
            HttpResponseStatus status = switch (e.kind()) {
                case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
                case NOT_PENDING -> HttpResponseStatus.CONFLICT;
                case SELF_APPROVAL -> HttpResponseStatus.FORBIDDEN;
            };
            return error(status, e.getMessage());
        }
    }

    /** The body's reason (empty when none); null when the body is not acceptable. */
    private static Optional<String> reason(FullHttpRequest request) {
        if (request.content().readableBytes() == 0) {
            return Optional.empty();
        }
        try {
            JsonNode body = JsonRpcParser.SINGLE_VALUE.readTree(ByteBufUtil.getBytes(request.content()));
            JsonNode reason = body == null || !body.isObject() ? null : body.get("reason");
            if (body == null || !body.isObject() || reason != null && !reason.isTextual() && !reason.isNull()
                    || body.size() > 1 || body.size() == 1 && reason == null) {
                return null;
            }
            String text = reason == null || reason.isNull() ? null : reason.textValue();
            if (text != null && (text.length() > MAX_REASON || text.chars().anyMatch(Character::isISOControl))) {
                return null;
            }
            // an empty reason field on the page is no reason
            return Optional.ofNullable(text == null || text.isBlank() ? null : text);
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable approval decision body", e);
            return null;
        }
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        return json(status, JsonNodeFactory.instance.objectNode().put("error", message));
    }

    private static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }
}
