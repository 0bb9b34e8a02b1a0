package org.jevse.board.sim;

/**
 * A malformed EV script. The message is one line that names the command's number and text, for example
 * {@code EV script command 3 "draw_power_regulated 16": expected A,PHASES (e.g. 16,3)}.
 */
public final class EvScriptException extends IllegalArgumentException {

    private final int commandNumber;
    private final String commandText;
    private final String problem;

    public EvScriptException(int commandNumber, String commandText, String problem) {
        super("EV script command " + commandNumber + " \"" + commandText + "\": " + problem);
        this.commandNumber = commandNumber;
        this.commandText = commandText;
        this.problem = problem;
    }

    /** 1-based position among the script's non-blank commands. */
    public int commandNumber() {
        return commandNumber;
    }

    public String commandText() {
        return commandText;
    }

    /** What is wrong, without the command prefix. */
    public String problem() {
        return problem;
    }
}
