package dev.gyre.data.internal;

import dev.gyre.core.GyreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens embedded, in-memory DuckDB connections that never reach the network: extensions are neither
 * installed nor loaded automatically (Parquet and JSON are built in). A connection that will run SQL a
 * user wrote must be {@linkplain #sealed sealed} first, so the SQL can read only the tables Gyre loaded,
 * never a file or URL.
 */
public final class DuckDb {

    private DuckDb() {
    }

    /** A new in-memory database; the caller closes it. */
    public static Connection open() {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties properties = new Properties();
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            properties.setProperty("threads", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())));
            return DriverManager.getConnection("jdbc:duckdb:", properties);
        } catch (ClassNotFoundException | SQLException e) {
            throw new GyreException.Internal("Could not start the embedded DuckDB engine: " + e.getMessage(), e);
        }
    }

    /**
     * Turns off access to files and URLs and locks the configuration so SQL cannot turn it back on. Call
     * after loading the tables and before running SQL a user wrote.
     */
    public static void seal(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET enable_external_access = false");
            statement.execute("SET lock_configuration = true");
        }
    }
}
