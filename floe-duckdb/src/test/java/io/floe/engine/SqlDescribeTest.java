package io.floe.engine;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Sql#describe} reads a prepared query's metadata instead of running DESCRIBE: the names and type texts must be
 * DESCRIBE's, for every kind of type the writers align (nested, decimal, time zones, fixed-size arrays, duplicates).
 */
class SqlDescribeTest {
    @Test
    void namesTheColumnsAndTypesAsDescribeDoes() throws Exception {
        String q = "SELECT 1::BIGINT AS id, 0 AS w, 1.5::DECIMAL(10,2) d, [1,2] l, {'a': 1, 'b': 'x'} s, MAP {'k': 1} m,"
                + " TIMESTAMPTZ '2020-01-01 00:00:00+00' tz, TIMESTAMP '2020-01-01' t2, 'x'::BLOB b, 1::HUGEINT h, 1::UTINYINT u,"
                + " INTERVAL 1 DAY iv, [[1.5::FLOAT]] ll, DATE '2020-01-01' dt, TIME '10:00' tm, gen_random_uuid() uu,"
                + " [{'x': [1]}] deep, 1::TINYINT ti, 1::DECIMAL(38,10) big, [1,2]::INTEGER[2] arr, 2 AS \"Mixed Case\", 3 AS id";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            List<List<String>> described = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE " + q)) {
                while (rs.next()) {
                    described.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
            List<List<String>> got = Sql.describe(c, q).stream().map(List::of).toList();
            assertThat(got).hasSize(22).containsExactlyElementsOf(described);
            assertThat(got.get(4)).containsExactly("s", "STRUCT(a INTEGER, b VARCHAR)");
        }
    }
}
