package io.floe.cli.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Parquet side of concurrent-writers: a file two writers tore is counted as lost, not a failed lab. */
class ConcurrentWritersReadableRowsTest {
    @Test
    void aTornFileIsLeftOutAndItsRowsCountAsLost(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT range AS id FROM range(0, 100)) TO '" + dir.resolve("part-00000.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT range AS id FROM range(100, 150)) TO '" + dir.resolve("part-00001.parquet") + "' (FORMAT parquet)");
            Files.write(dir.resolve("part-00002.parquet"), new byte[] {'P', 'A', 'R'}); // torn
            assertThat(ConcurrentWritersLab.readableRows(c, dir)).containsExactly(150, 150, 3);
            Files.delete(dir.resolve("part-00000.parquet"));
            Files.delete(dir.resolve("part-00001.parquet"));
            assertThat(ConcurrentWritersLab.readableRows(c, dir)).containsExactly(0, 0, 1);
        }
    }
}
