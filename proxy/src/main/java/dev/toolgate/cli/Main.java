package dev.toolgate.cli;

import dev.toolgate.contract.ServeFlag;
import io.netty.util.ResourceLeakDetector;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code java -jar toolgate-proxy.jar <command> ...}: one jar, subcommands. */
public final class Main {
    private static final Map<String, Supplier<Command>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("explain", ExplainCommand::new);
        COMMANDS.put(ServeFlag.COMMAND, ServeCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("scan", ScanCommand::new);
        COMMANDS.put("approvals", ApprovalsCommand::new);
    }

    private Main() {
    }

    /** Commands that return only once the JVM is shutting down, when System.exit would block the shutdown hooks. */
    private static final Set<String> RUN_UNTIL_SHUTDOWN = Set.of(ServeFlag.COMMAND, "demo");

    public static void main(String[] args) throws Exception {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // the tests run every exchange under PARANOID leak detection; a running proxy does not sample its buffers
            // (a stack trace per sampled read) unless asked with -Dio.netty.leakDetection.level
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int code = run(args);
        boolean shuttingDown = code == 0 && args.length > 0 && RUN_UNTIL_SHUTDOWN.contains(args[0]);
        if (!shuttingDown) {
            System.exit(code);
        }
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println("usage: java -jar toolgate-proxy.jar <" + String.join("|", COMMANDS.keySet()) + "> [options]");
            return 2;
        }
        return COMMANDS.get(args[0]).get().run(Arrays.copyOfRange(args, 1, args.length));
    }
}
