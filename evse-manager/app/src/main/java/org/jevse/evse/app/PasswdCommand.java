package org.jevse.evse.app;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jevse.evse.app.plugin.BadInputException;
import org.jevse.http.PasswordHash;
import picocli.CommandLine.Command;

/**
 * {@code jevse passwd}: prints the hash of a password for {@code api.users[].password_hash}. On a terminal it asks
 * twice without echo; otherwise it reads one line from standard input (for scripts).
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Prints a password hash for api.users[].password_hash (PBKDF2-HMAC-SHA256, random salt).",
                "On a terminal it asks for the password twice; otherwise it reads one line from standard input."})
final class PasswdCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                throw new BadInputException("passwd: the two passwords differ");
            }
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password.length == 0) {
            throw new BadInputException("passwd: empty password (a password needs at least one character)");
        }
        System.out.println(PasswordHash.hash(password));
        return 0;
    }
}
