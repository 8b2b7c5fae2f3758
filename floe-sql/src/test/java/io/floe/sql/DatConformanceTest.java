package io.floe.sql;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Delta Acceptance Testing tables (written by Spark) read back exactly, as multisets of rows, at
 * every expected version — from SQL, with the table addressed by path.
 */
class DatConformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"basic_append", "basic_partitioned", "multi_partitioned", "with_schema_change"})
    void readsEveryExpectedVersion(String name) throws Exception {
        var conf = TableFixtures.conformanceDir();
        Assumptions.assumeTrue(conf.isPresent(), "shared/conformance not found: DAT cases skipped");
        Path caseDir = conf.get().resolve("dat").resolve(name);
        Path table = tmp.resolve(name);
        TableFixtures.copyTree(caseDir.resolve("delta"), table);
        try (Floe floe = Floe.open(tmp.resolve("wh").toString()); var versions = Files.list(caseDir.resolve("expected"))) {
            for (Path exp : versions.toList()) {
                String v = exp.getFileName().toString();
                String expected = exp.resolve("table_content.parquet").toString();
                QueryResult want = floe.sql("SELECT * FROM read_parquet('" + expected + "')");
                String cols = String.join(", ", want.columnNames().stream().map(c -> "`" + c + "`").toList());
                String at = v.equals("latest") ? "" : " VERSION AS OF " + v.substring(1);
                QueryResult got = floe.sql("SELECT " + cols + " FROM delta.`" + table + "`" + at);
                assertThat(canonical(got)).as("%s %s", name, v).isEqualTo(canonical(want));
            }
        }
    }

    private static List<String> canonical(QueryResult r) {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            StringBuilder sb = new StringBuilder();
            for (Object o : row) {
                sb.append(o instanceof byte[] b ? Arrays.toString(b) : String.valueOf(o)).append('|');
            }
            rows.add(sb.toString());
        }
        rows.sort(null);
        return rows;
    }
}
