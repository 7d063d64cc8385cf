package dev.toolgate.cli;

/** A subcommand of the toolgate-proxy jar. */
public interface Command {
    /** Runs with the arguments after the subcommand name; returns the process exit code. */
    int run(String[] args) throws Exception;
}
