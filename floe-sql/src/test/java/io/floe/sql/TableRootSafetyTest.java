package io.floe.sql;

import io.floe.Floe;
import io.floe.catalog.InvalidTableLocationException;
import io.floe.operations.Write;
import io.floe.table.TableAlreadyExistsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing outside a table is ever touched: DROP TABLE and VACUUM do not follow links out of a table directory, table
 * roots never overlap (nor sit at the warehouse root, over foreign files or under reserved names), and REPLACE WHERE
 * refuses rows outside its condition.
 */
class TableRootSafetyTest {
    @TempDir
    Path dir;
    Path wh;
    Path outside;
    Floe floe;

    @BeforeEach
    void open() throws Exception {
        wh = dir.resolve("wh");
        floe = Floe.open(wh.toString());
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious.parquet"), "keep me");
        Files.createDirectories(outside.resolve("nested"));
        Files.writeString(outside.resolve("nested/notes.txt"), "keep me too");
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    private void assertOutsideIntact() {
        assertThat(outside.resolve("precious.parquet")).hasContent("keep me");
        assertThat(outside.resolve("nested/notes.txt")).hasContent("keep me too");
    }

    private static String lit(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    // ------------------------------------------------------------------ symlinks

    @Test
    void dropTableDoesNotFollowASymlinkOutOfTheTableDirectory() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT, p INT) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO t VALUES (1, 1), (2, 2)");
        Files.createSymbolicLink(wh.resolve("t/link"), outside);
        Files.createSymbolicLink(wh.resolve("t/p=1/file.parquet.link"), outside.resolve("precious.parquet"));
        floe.sql("DROP TABLE t");
        assertOutsideIntact();
        assertThat(wh.resolve("t/link")).as("the link itself is removed with the table").doesNotExist();
        assertThat(floe.sql("SHOW TABLES").rows()).isEmpty();
        // and the name can be used again: the old directory holds nothing
        floe.sql("CREATE TABLE t (id BIGINT)");
    }

    @Test
    void vacuumWithZeroRetentionDoesNotFollowASymlinkOutOfTheTableDirectory() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT, p INT) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO t VALUES (1, 1), (2, 2)");
        floe.sql("INSERT OVERWRITE t VALUES (3, 1)");
        Files.createSymbolicLink(wh.resolve("t/link"), outside);
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        Thread.sleep(5);
        floe.sql("VACUUM t RETAIN 0 HOURS");
        assertOutsideIntact();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1);
    }

    @Test
    void dropTableRefusesAManagedDirectoryReplacedByALinkAndKeepsTheName() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT)");
        floe.sql("INSERT INTO t VALUES (1)");
        // a user moves the table elsewhere and leaves a link: DROP would delete through it
        Path moved = dir.resolve("moved");
        Files.move(wh.resolve("t"), moved);
        Files.createSymbolicLink(wh.resolve("t"), moved);
        assertThatThrownBy(() -> floe.sql("DROP TABLE t")).hasMessageContaining("symbolic link");
        assertThat(moved.resolve("_delta_log")).isDirectory();
        assertThat(floe.sql("SHOW TABLES").rows()).hasSize(1);
    }

    @Test
    void dropTableLeavesATableNestedInItsDirectoryByAnOlderWarehouseAlone() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT)");
        floe.sql("INSERT INTO t VALUES (1)");
        Path elsewhere = dir.resolve("x y");
        floe.sql("CREATE TABLE delta.`" + elsewhere + "` (id BIGINT)");
        floe.sql("INSERT INTO delta.`" + elsewhere + "` VALUES (1), (2)");
        // as a warehouse written before table roots were checked could hold it
        Path nested = wh.resolve("t/in ner");
        Files.move(elsewhere, nested);
        floe.warehouse().catalog().register(new io.floe.catalog.Catalog.Entry("nested_t", nested.toString(), "delta", true,
                System.currentTimeMillis()));
        floe.sql("DROP TABLE t");
        assertThat(count("SELECT count(*) FROM nested_t")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ overlapping roots

    @Test
    void aTableInsideAnotherTablesDirectoryIsRefused() {
        floe.sql("CREATE TABLE t (id BIGINT)");
        Path inside = wh.resolve("t/sub");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE u (id BIGINT) LOCATION " + lit(inside)))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("inside the directory of table t");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE u LOCATION " + lit(inside) + " AS SELECT 1 AS id"))
                .isInstanceOf(InvalidTableLocationException.class);
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + inside + "` (id BIGINT)"))
                .isInstanceOf(InvalidTableLocationException.class);
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + inside + "` AS SELECT 1 AS id"))
                .isInstanceOf(InvalidTableLocationException.class);
        assertThat(inside).doesNotExist();
    }

    @Test
    void aTableInsideAPathTableTheCatalogDoesNotKnowIsRefused() {
        Path p = dir.resolve("lake/events");
        floe.sql("CREATE TABLE delta.`" + p + "` (id BIGINT)");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + p.resolve("x/y") + "` (id BIGINT)"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("inside the directory of the table at");
    }

    @Test
    void aTableWhoseDirectoryWouldContainAnotherTableIsRefused() {
        Path inner = dir.resolve("lake/a/b");
        floe.sql("CREATE TABLE inner_t (id BIGINT) LOCATION " + lit(inner));
        assertThatThrownBy(() -> floe.sql("CREATE TABLE outer_t (id BIGINT) LOCATION " + lit(dir.resolve("lake"))))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("would contain table inner_t");
        // the warehouse's own directory holds every managed table
        floe.sql("CREATE TABLE m (id BIGINT)");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE around (id BIGINT) LOCATION " + lit(dir)))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("contains the warehouse");
    }

    @Test
    void aTableAtTheWarehouseRootIsRefused() {
        floe.sql("SHOW TABLES");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE w (id BIGINT) LOCATION " + lit(wh)))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("warehouse root");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE w LOCATION '" + wh + "/' AS SELECT 1 AS id"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("warehouse root");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + wh + "` (id BIGINT)"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("warehouse root");
        assertThat(wh.resolve("_delta_log")).doesNotExist();
    }

    @Test
    void aTableOverANonEmptyDirectoryThatIsNoTableIsRefused() throws Exception {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE u (id BIGINT) LOCATION " + lit(outside)))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE u LOCATION " + lit(outside) + " AS SELECT 1 AS id"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + outside + "` (id BIGINT)"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("not empty");
        // the managed directory of a name, holding the user's files
        Files.createDirectories(wh.resolve("mine"));
        Files.writeString(wh.resolve("mine/data.csv"), "1,2");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE mine (id BIGINT)")).isInstanceOf(InvalidTableLocationException.class);
        assertThat(wh.resolve("mine/data.csv")).hasContent("1,2");
        assertOutsideIntact();
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("precious.parquet", "nested");
        }
        // an empty directory is fine
        Path empty = Files.createDirectories(dir.resolve("empty"));
        floe.sql("CREATE TABLE e (id BIGINT) LOCATION " + lit(empty));
        floe.sql("INSERT INTO e VALUES (1)");
        assertThat(count("SELECT count(*) FROM e")).isEqualTo(1);
    }

    @Test
    void reservedNamesAreNotTableNames() {
        floe.sql("CREATE TABLE t (id BIGINT)"); // the catalog exists
        assertThatThrownBy(() -> floe.sql("CREATE TABLE _floe_catalog (id BIGINT)"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE _floe_catalog AS SELECT 1 AS id"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE _x (id BIGINT)")).isInstanceOf(InvalidTableLocationException.class);
        assertThatThrownBy(() -> floe.sql("CREATE TABLE c (id BIGINT) LOCATION " + lit(wh.resolve("_floe_catalog"))))
                .isInstanceOf(InvalidTableLocationException.class);
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + wh.resolve(".hidden") + "` (id BIGINT)"))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("reserved");
        assertThat(floe.sql("SHOW TABLES").rows()).hasSize(1);
    }

    @Test
    void aLocationThatReachesAnotherTableThroughALinkIsRefused() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT)");
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), wh.resolve("t"));
        assertThatThrownBy(() -> floe.sql("CREATE TABLE u (id BIGINT) LOCATION " + lit(alias.resolve("sub"))))
                .isInstanceOf(InvalidTableLocationException.class).hasMessageContaining("table t");
    }

    @Test
    void registeringAnExistingTableByLocationStillWorks() {
        Path p = dir.resolve("lake/events");
        floe.sql("CREATE TABLE delta.`" + p + "` (id BIGINT)");
        floe.sql("INSERT INTO delta.`" + p + "` VALUES (1), (2)");
        floe.sql("CREATE TABLE events USING DELTA LOCATION " + lit(p));
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(2);
        // a second external name for the same table is allowed (DROP of either leaves the files)
        floe.sql("CREATE TABLE events2 USING DELTA LOCATION " + lit(p));
        floe.sql("DROP TABLE events");
        assertThat(count("SELECT count(*) FROM events2")).isEqualTo(2);
        // creating a path table where one already exists is refused as before
        assertThatThrownBy(() -> floe.sql("CREATE TABLE delta.`" + p + "` (id BIGINT)")).isInstanceOf(TableAlreadyExistsException.class);
    }

    // ------------------------------------------------------------------ REPLACE WHERE

    @Test
    void replaceWhereRefusesRowsOutsideItsConditionBeforeWritingAnything() throws Exception {
        floe.sql("CREATE TABLE r (id BIGINT, p INT) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO r VALUES (1, 1), (2, 2)");
        long files = countFiles(wh.resolve("r"));
        assertThatThrownBy(() -> floe.sql("INSERT INTO r REPLACE WHERE p = 1 SELECT * FROM VALUES (10, 1), (20, 2) AS v(id, p)"))
                .isInstanceOf(Write.ReplaceWhereViolationException.class)
                .hasMessageContaining("id = 20, p = 2").hasMessageContaining("p = 1");
        // NULL does not satisfy the condition either (as a CHECK constraint in Delta)
        assertThatThrownBy(() -> floe.sql("INSERT INTO r REPLACE WHERE r.p = 1 SELECT 10, NULL"))
                .isInstanceOf(Write.ReplaceWhereViolationException.class).hasMessageContaining("p = null");
        assertThat(countFiles(wh.resolve("r"))).as("no data file was written").isEqualTo(files);
        assertThat(count("SELECT count(*) FROM r WHERE p = 2")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM r")).isEqualTo(2);
        floe.sql("INSERT INTO r REPLACE WHERE p = 1 SELECT 10, 1");
        assertThat(count("SELECT sum(id) FROM r")).isEqualTo(12);
    }

    private static long countFiles(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
