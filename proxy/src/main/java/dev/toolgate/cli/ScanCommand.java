package dev.toolgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.toolgate.policy.risk.StarterPolicy;
import dev.toolgate.policy.risk.ToolClassifier;
import dev.toolgate.scan.McpToolLister;
import dev.toolgate.scan.ScanException;
import dev.toolgate.scan.ScanReport;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code scan URL [--header K:V]... [--format table|json|policy] [--trust-annotations]}: lists every tool of an MCP
 * server over Streamable HTTP, classifies each, and prints the risk table, the JSON report (also a pins file for
 * {@code serve --tool-pins}) or a starter policy. Exit code 0 when listed, 1 when the server could not be listed,
 * 2 for a usage error.
 */
final class ScanCommand implements Command {
    private static final String USAGE = "usage: scan URL [--header K:V]... [--format table|json|policy] [--trust-annotations]";
    private static final Set<String> FORMATS = Set.of("table", "json", "policy");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final PrintStream err;

    ScanCommand() {
        this(System.out, System.err);
    }

    ScanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public int run(String[] args) throws JsonProcessingException {
        String url = null;
        String format = "table";
        boolean trust = false;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--trust-annotations".equals(arg)) {
                trust = true;
            } else if ("--header".equals(arg) || "--format".equals(arg)) {
                if (i + 1 >= args.length) {
                    return usage(arg + " needs a value");
                }
                String value = args[++i];
                if ("--format".equals(arg)) {
                    format = value;
                } else {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        return usage("--header takes Name:value, got \"" + value + "\"");
                    }
                    headers.put(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
                }
            } else if (arg.startsWith("--")) {
                return usage("unknown option " + arg);
            } else if (url == null) {
                url = arg;
            } else {
                return usage("one URL only, got " + url + " and " + arg);
            }
        }
        if (url == null) {
            return usage("missing URL, e.g. http://127.0.0.1:3000/mcp");
        }
        if (!FORMATS.contains(format)) {
            return usage("--format is table, json or policy, got \"" + format + "\"");
        }
        URI endpoint;
        try {
            endpoint = new URI(url);
        } catch (URISyntaxException e) {
            return usage("not a URL: " + url);
        }
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            return usage("the URL must be http:// or https://, got " + url);
        }
        ScanReport report;
        try {
            report = ScanReport.of(url, new McpToolLister(endpoint, headers).listTools(), new ToolClassifier(trust, Map.of()));
        } catch (ScanException | IllegalArgumentException e) {
            // IllegalArgumentException: a header the HTTP client refuses (restricted or malformed)
            err.println("scan: " + e.getMessage());
            return 1;
        }
        switch (format) {
            case "json" -> out.println(JSON.writeValueAsString(report.json()));
            case "policy" -> out.println(JSON.writeValueAsString(StarterPolicy.of(url, report.classifications())));
            default -> out.print(report.table());
        }
        return 0;
    }

    private int usage(String problem) {
        err.println("scan: " + problem);
        err.println(USAGE);
        return 2;
    }
}
