package dev.gyre.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DuckDbTest {

    @Test
    void sealedConnectionRunsSqlOverLoadedTablesButReadsNoFiles() throws Exception {
        try (Connection connection = DuckDb.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t AS SELECT range AS i FROM range(5)");
            DuckDb.seal(connection);
            try (ResultSet rs = statement.executeQuery("SELECT sum(i) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(10);
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM read_csv('/etc/passwd')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.execute("SET enable_external_access = true"))
                    .isInstanceOf(SQLException.class);
        }
    }
}
