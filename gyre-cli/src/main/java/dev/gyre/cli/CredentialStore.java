package dev.gyre.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file where {@code gyre login} keeps the platform URL and token:
 * {@code $GYRE_CONFIG_DIR/credentials.json}, else {@code $XDG_CONFIG_HOME/gyre/credentials.json},
 * else {@code ~/.config/gyre/credentials.json}. Only its owner may read it (folder 700, file 600).
 */
final class CredentialStore {

    static final String FILE_NAME = "credentials.json";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    CredentialStore(Path folder) {
        this.folder = folder;
    }

    /** The store for this environment. */
    static CredentialStore forEnvironment(Map<String, String> env) {
        return new CredentialStore(folder(env));
    }

    static Path folder(Map<String, String> env) {
        String explicit = env.get("GYRE_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "gyre");
        }
        return Path.of(System.getProperty("user.home"), ".config", "gyre");
    }

    Path file() {
        return folder.resolve(FILE_NAME);
    }

    /** The stored credentials, if any. */
    Optional<Credentials> read() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Credentials credentials = json.readValue(file.toFile(), Credentials.class);
            return Optional.ofNullable(credentials);
        } catch (IOException e) {
            throw new CliException("Cannot read the stored login in " + file + " (" + firstLine(e.getMessage())
                    + "). Run `gyre logout` to remove it, then `gyre login` again.", e);
        }
    }

    /** Stores the credentials, replacing earlier ones; the file is never readable by others, not even briefly. */
    void write(Credentials credentials) {
        Path file = file();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                if (!Files.isDirectory(folder)) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
                }
                Files.setPosixFilePermissions(folder, FOLDER_MODE);
            } else {
                Files.createDirectories(folder);
            }
            Path temp = posix
                    ? Files.createTempFile(folder, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
                    : Files.createTempFile(folder, ".credentials", ".tmp");
            try {
                Files.write(temp, json.writeValueAsBytes(credentials));
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                if (posix) {
                    Files.setPosixFilePermissions(file, FILE_MODE);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException("Cannot save the login in " + file + ": " + firstLine(e.getMessage())
                    + ". Check the folder's permissions, or set GYRE_CONFIG_DIR to a writable folder.", e);
        }
    }

    /** Removes the stored credentials; whether there were any. */
    boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new CliException("Cannot remove " + file() + ": " + firstLine(e.getMessage()) + ".", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
