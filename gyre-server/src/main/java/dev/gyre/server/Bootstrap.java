package dev.gyre.server;

import dev.gyre.core.GyreException;
import dev.gyre.server.auth.AuthService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** First-start work: the home folder and the first admin user with its token. */
final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    static final String ADMIN = "admin";
    static final String ADMIN_TOKEN_FILE = "admin.token";

    private Bootstrap() {
    }

    /** Creates the home folder (mode 700 on POSIX file systems) if it does not exist. */
    static Path createHome(Path home) {
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
                setMode(home, "rwx------");
            }
            return home.toRealPath();
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Cannot create the Gyre home folder " + home + ": " + e.getMessage()
                    + ". Choose a writable folder with --home.", e);
        }
    }

    /**
     * On a platform without users, creates user {@code admin} and writes its token to
     * {@code <home>/admin.token} with mode 600. Logs where the token is, on every start.
     */
    static Path adminUser(AuthService auth, Path home) {
        Path file = home.resolve(ADMIN_TOKEN_FILE);
        if (!auth.hasUsers()) {
            auth.createUser(ADMIN, "admin", null);
            String secret = auth.issueToken(new dev.gyre.server.auth.Principal(auth.user(ADMIN), null), null, "bootstrap", null).secret();
            writeSecret(file, secret);
            LOG.info("Created user 'admin'. Its API token is in {} (readable only by you). "
                    + "Use it with 'gyre login --token \"$(cat {})\"'.", file, file);
        } else if (Files.exists(file)) {
            LOG.info("The admin token is in {}", file);
        }
        return file;
    }

    private static void writeSecret(Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new GyreException.Conflict("Another process is writing " + file + "; start one server per home folder.");
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to write the admin token to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void setMode(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: rely on the folder's inherited permissions
        }
    }
}
