package dev.toolgate.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code java -jar toolgate-proxy.jar <command> ...}: one jar, subcommands. */
public final class Main {
    private static final Map<String, Supplier<Command>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("explain", ExplainCommand::new);
        COMMANDS.put("serve", ServeCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(args);
        if (code != 0 || !"serve".equals(args.length > 0 ? args[0] : "") && !"demo".equals(args.length > 0 ? args[0] : "")) {
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
