package dev.toolgate.cli;

/** Placeholder until its issue lands. */
final class ExplainCommand implements Command {
    @Override
    public int run(String[] args) {
        System.err.println("not implemented yet");
        return 1;
    }
}
