package org.jevse.evse.app;

import picocli.CommandLine;
import org.jevse.evse.app.plugin.BadInputException;

/** The {@code jevse} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        org.jevse.evse.app.logging.Logging.install(System.getenv(), System.err);
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure at run time, 2 bad input). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new JevseCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException bad) {
                cmd.getErr().println("jevse: " + bad.getMessage());
                return 2;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("jevse: " + e.getMessage() + " (see: jevse "
                    + e.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        return cl.execute(args);
    }
}
