package dev.toolgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code approvals list|approve ID|deny ID [--reason TEXT] [--admin-url URL] [--token-file FILE]}: drives a standalone
 * proxy's approvals API on its admin port (default {@value #DEFAULT_ADMIN_URL}). The admin token comes from
 * {@code --token-file} or {@value PodEnvironment#ADMIN_TOKEN}, never from the command line. Exit codes: 0 done,
 * 1 refused by the proxy (its error is printed), 2 usage.
 */
final class ApprovalsCommand implements Command {
    static final String DEFAULT_ADMIN_URL = "http://127.0.0.1:9090";
    static final String USAGE = """
            usage: approvals list [--admin-url URL] [--token-file FILE]
                   approvals approve ID [--reason TEXT] [--admin-url URL] [--token-file FILE]
                   approvals deny ID --reason TEXT [--admin-url URL] [--token-file FILE]
            the admin token: --token-file FILE or the environment variable\s""" + PodEnvironment.ADMIN_TOKEN;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> env;

    ApprovalsCommand() {
        this(System.getenv());
    }

    ApprovalsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int run(String[] args) throws Exception {
        String action = args.length > 0 ? args[0] : "";
        boolean decides = action.equals("approve") || action.equals("deny");
        if (!action.equals("list") && !decides || decides && (args.length < 2 || args[1].startsWith("--"))) {
            System.err.println(USAGE);
            return 2;
        }
        String adminUrl = DEFAULT_ADMIN_URL;
        String reason = null;
        Path tokenFile = null;
        for (int i = decides ? 2 : 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                System.err.println("approvals: " + args[i] + " needs a value\n" + USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--admin-url" -> adminUrl = args[i + 1].replaceAll("/+$", "");
                case "--reason" -> reason = args[i + 1];
                case "--token-file" -> tokenFile = Path.of(args[i + 1]);
                default -> {
                    System.err.println("approvals: unknown option " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (action.equals("deny") && (reason == null || reason.isBlank())) {
            System.err.println("approvals: deny needs --reason TEXT (the agent reads it)");
            return 2;
        }
        String token = tokenFile != null ? Files.readString(tokenFile).strip() : env.get(PodEnvironment.ADMIN_TOKEN);
        if (token == null || token.isBlank()) {
            System.err.println("approvals: no admin token: give --token-file FILE or set " + PodEnvironment.ADMIN_TOKEN);
            return 2;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + "/approvals"
                        + (decides ? "/" + args[1] + "/" + action : "")))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token);
        if (decides) {
            String body = JsonNodeFactory.instance.objectNode().put("reason", reason).toString();
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("approvals: cannot reach " + adminUrl + ": " + e.getClass().getSimpleName());
            return 1;
        }
        JsonNode body = JsonRpcParser.MAPPER.readTree(response.body());
        if (response.statusCode() != 200) {
            System.err.println("approvals: " + response.statusCode() + " " + body.path("error").asText(""));
            return 1;
        }
        if (decides) {
            System.out.println(body.path("id").asText() + " " + body.path("state").asText() + " by "
                    + body.path("decidedBy").asText());
        } else {
            print(body.path("approvals"));
        }
        return 0;
    }

    /** One line per record; the preview is JSON text, whose escapes keep terminal control characters out. */
    private static void print(JsonNode approvals) {
        System.out.printf("%-24s  %-9s  %-24s  %-16s  %-20s  %s%n", "ID", "STATE", "TOOL", "IDENTITY", "CREATED", "PREVIEW");
        for (JsonNode record : approvals) {
            System.out.printf("%-24s  %-9s  %-24s  %-16s  %-20s  %s%n", record.path("id").asText(),
                    record.path("state").asText(), record.path("tool").asText(), printable(record.path("identity").asText()),
                    record.path("createdAt").asText(), printable(record.path("preview").asText()));
        }
    }

    private static String printable(String text) {
        return text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
