package dev.gyre.server;

import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The four-eyes scenarios with the metadata in PostgreSQL, where the approval's row locks and the
 * alias move run on a real server. Skipped with a message when no PostgreSQL is configured for tests.
 */
class PromotionFourEyesOnPostgresTest extends PromotionFourEyesTest {

    static Database schema;

    @BeforeAll
    static void start() throws Exception {
        schema = Databases.postgres();
        String url = schema.settings().url();
        url += (url.contains("?") ? "&" : "?") + "currentSchema=" + schema.settings().schema();
        Map<String, String> flags = new HashMap<>();
        flags.put("db", url);
        flags.put("db_user", schema.settings().user());
        if (schema.settings().password() != null) {
            flags.put("db_password", schema.settings().password());
        }
        startWith(flags);
    }

    @AfterAll
    static void stop() {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }
}
