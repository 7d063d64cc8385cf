package dev.toolgate.proxy.transport;

import java.util.Locale;

/**
 * The {@code charset} a {@code Content-Type} declares. The proxy reads JSON as UTF-8 (as JSON and MCP require); a body
 * declared in another charset could be read by the upstream as other text than the proxy decided on.
 */
public final class MediaTypeCharset {
    private MediaTypeCharset() {
    }

    /** True when {@code contentType} declares no charset, or UTF-8 (any case, quoted or not). */
    public static boolean isUtf8OrAbsent(String contentType) {
        if (contentType == null) {
            return true;
        }
        String[] parameters = contentType.split(";");
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!value.equals("utf-8") && !value.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
