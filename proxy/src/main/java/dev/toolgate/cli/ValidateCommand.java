package dev.toolgate.cli;

import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.PolicyLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code validate FILE...}: prints {@code FILE: ok} or one {@code FILE: <path>: <message>} line per error, for
 * every file. Exit code 0 when all are valid, 1 when any is not, 2 for a usage error.
 */
final class ValidateCommand implements Command {
    private final PrintStream out;
    private final PrintStream err;

    ValidateCommand() {
        this(System.out, System.err);
    }

    ValidateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.println("usage: validate FILE...   (PolicyLayer policy.json or Intercept policy.yaml; exit 0 when all are valid)");
            return 2;
        }
        int code = 0;
        for (String file : args) {
            try {
                PolicyLoader.load(Path.of(file));
                out.println(file + ": ok");
            } catch (InvalidPolicyException e) {
                for (PolicyError error : e.errors()) {
                    out.println(file + ": " + error);
                }
                code = 1;
            } catch (IOException e) {
                out.println(file + ": cannot read the file: " + e.getMessage());
                code = 1;
            }
        }
        return code;
    }
}
