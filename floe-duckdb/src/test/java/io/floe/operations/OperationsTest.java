package io.floe.operations;

import io.floe.engine.Sql;
import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaTable;
import io.floe.engine.DuckDbDataPlane;
import io.floe.storage.LocalObjectStore;
import io.floe.table.ConcurrentModificationException;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every row-level operation against a reference: the same change applied to a plain DuckDB table.
 * Partitioned and not, with NULLs in keys and partition values.
 */
class OperationsTest {
    static DuckDbDataPlane engine;
    @TempDir
    Path dir;
    DeltaTable table;

    static final StructType SCHEMA = StructType.of(new StructField("id", PrimitiveType.LONG, true),
            new StructField("part", PrimitiveType.STRING, true), new StructField("v", PrimitiveType.DOUBLE, true));

    @BeforeAll
    static void start() {
        engine = new DuckDbDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void setUp() {
        table = new DeltaTable("t", new DeltaLog(new LocalObjectStore(dir), "t/", engine));
    }

    private void create(boolean partitioned) {
        Sql.exec(engine.connection(), "CREATE OR REPLACE TEMP TABLE ref AS SELECT CASE WHEN i % 17 = 0 THEN NULL ELSE i END::BIGINT AS id,"
                + " CASE WHEN i % 10 = 0 THEN NULL ELSE 'p' || (i % 4) END AS part, i * 1.5 AS v FROM range(1, 20001) r(i)");
        Write.createAs(engine, table, "SELECT * FROM ref", partitioned ? List.of("part") : List.of(),
                Map.of("delta.targetFileSize", "8000"), null);
    }

    private List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = engine.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getObject(i)).append('|');
                }
                out.add(sb.toString());
            }
        }
        out.sort(null);
        return out;
    }

    private List<String> tableRows() throws Exception {
        var s = table.snapshot();
        return rows("SELECT id, part, v FROM " + engine.scan(table, s, s.schema(), s.files(), false));
    }

    private void assertMatchesReference() throws Exception {
        assertThat(tableRows()).isEqualTo(rows("SELECT id, part, v FROM ref"));
    }

    @Test
    void ctasWritesSplitPartitionedFilesWithStats() throws Exception {
        create(true);
        assertMatchesReference();
        var s = table.snapshot();
        assertThat(s.version()).isZero();
        assertThat(s.files().size()).isGreaterThan(5);
        assertThat(s.files()).allSatisfy(f -> assertThat(f.stats().numRecords()).isPositive());
        assertThat(s.files()).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("part", null));
        assertThat(s.files()).anySatisfy(f -> assertThat(f.path()).startsWith("part=__HIVE_DEFAULT_PARTITION__/"));
        DataFile f = s.files().get(0);
        assertThat(f.stats().toColumnPaths(s.schema()).get(2)).containsKeys("id", "v"); // null counts
        assertThat(f.stats().toColumnPaths(s.schema()).get(0)).containsKey("v"); // minima
        assertThat(table.history(1).get(0).operation()).isEqualTo("CREATE TABLE AS SELECT");
    }

    @Test
    void insertAndOverwrite() throws Exception {
        create(false);
        Write.run(engine, table, "SELECT 5000 AS id, 'px' AS part, 1.0 AS v", Write.Options.append());
        Sql.exec(engine.connection(), "INSERT INTO ref VALUES (5000, 'px', 1.0)");
        assertMatchesReference();
        Write.run(engine, table, "SELECT id, part, v FROM ref WHERE id < 10", Write.Options.overwriteAll());
        Sql.exec(engine.connection(), "DELETE FROM ref WHERE NOT (id < 10) OR id IS NULL");
        assertMatchesReference();
    }

    @Test
    void aWriteRunsItsQueryOnceWhetherItsRowsAreCheckedFirstOrNot() throws Exception {
        create(false);
        // a sequence counts the query's runs: the rows go straight into the files (no check), and the row count is theirs
        Sql.exec(engine.connection(), "CREATE OR REPLACE SEQUENCE runs_seq");
        Write.Result r = Write.run(engine, table, "SELECT 100000 + nextval('runs_seq') AS id, 'q' AS part, 1.0 AS v FROM range(5)",
                Write.Options.append());
        assertThat(r.numOutputRows()).isEqualTo(5);
        assertThat(rows("SELECT currval('runs_seq')")).containsExactly("5|");
        assertThat(tableRows().stream().filter(x -> x.endsWith("|q|1.0|"))).hasSize(5);
        // a CTAS too
        DeltaTable other = new DeltaTable("other", new DeltaLog(table.store(), "other/", engine));
        Write.Result c = Write.createAs(engine, other, "SELECT nextval('runs_seq') AS id FROM range(4)", List.of(), Map.of(), null);
        assertThat(c.numOutputRows()).isEqualTo(4);
        assertThat(rows("SELECT currval('runs_seq')")).containsExactly("9|");
        assertThat(Write.readTwice(SCHEMA, List.of(), false)).isFalse();
        assertThat(Write.readTwice(SCHEMA, List.of(), true)).isTrue();
        assertThat(Write.readTwice(StructType.of(new StructField("id", PrimitiveType.LONG, false)), List.of(), false)).isTrue();
    }

    @Test
    void schemaIsEnforced() {
        create(false);
        long v = table.snapshot().version();
        assertThatThrownBy(() -> Write.run(engine, table, "SELECT 1 AS id, 'x' AS part", Write.Options.append()))
                .isInstanceOf(SchemaAlignment.SchemaMismatchException.class).hasMessageContaining("3 columns");
        assertThatThrownBy(() -> Write.run(engine, table, "SELECT 1 AS id, 'x' AS part, 'abc' AS v", Write.Options.append()))
                .isInstanceOf(SchemaAlignment.SchemaMismatchException.class).hasMessageContaining("column v");
        assertThat(table.snapshot().version()).isEqualTo(v);
    }

    @Test
    void deleteRewritesOnlyTouchedFilesAndDropsWholeOnes() throws Exception {
        create(true);
        int before = table.snapshot().files().size();
        Delete.Result r = Delete.run(engine, table, "id % 3 = 0", null);
        Sql.exec(engine.connection(), "DELETE FROM ref WHERE id % 3 = 0");
        assertMatchesReference();
        assertThat(r.numDeletedRows()).isPositive();
        Delete.Result whole = Delete.run(engine, table, "part = 'p1'", null);
        Sql.exec(engine.connection(), "DELETE FROM ref WHERE part = 'p1'");
        assertMatchesReference();
        assertThat(whole.numAddedFiles()).isZero(); // every row of those files matched: removed without rewriting
        assertThat(whole.numRemovedFiles()).isPositive();
        assertThat(before).isPositive();
    }

    @Test
    void updateWithNullsAndPartitionChange() throws Exception {
        create(true);
        Update.run(engine, table, Map.of("v", "v * 2", "part", "'moved'"), "id IS NULL OR id > 19900", null);
        Sql.exec(engine.connection(), "UPDATE ref SET v = v * 2, part = 'moved' WHERE id IS NULL OR id > 19900");
        assertMatchesReference();
        assertThat(table.snapshot().files()).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("part", "moved"));
    }

    @Test
    void mergeUpsertMatchesDuckDbMerge() throws Exception {
        create(true);
        Sql.exec(engine.connection(), "CREATE OR REPLACE TEMP TABLE src AS SELECT (i * 7)::BIGINT AS id, 'p9' AS part, i::DOUBLE AS v"
                + " FROM range(1, 500) r(i) UNION ALL SELECT NULL, 'pn', -1.0");
        Merge.run(engine, table, new Merge.Spec("src", "t", "s", "t.id = s.id", List.of(
                new Merge.Clause(Merge.When.MATCHED, "s.v > 400", Merge.Action.DELETE, Map.of()),
                new Merge.Clause(Merge.When.MATCHED, null, Merge.Action.UPDATE, Map.of("v", "s.v + t.v")),
                new Merge.Clause(Merge.When.NOT_MATCHED, null, Merge.Action.INSERT_ALL, Map.of())), null));
        Sql.exec(engine.connection(), "MERGE INTO ref AS t USING src AS s ON t.id = s.id"
                + " WHEN MATCHED AND s.v > 400 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v + t.v"
                + " WHEN NOT MATCHED THEN INSERT *");
        assertMatchesReference();
        assertThat(table.history(1).get(0).operationMetrics()).containsKeys("numTargetRowsInserted",
                "numTargetRowsUpdated", "numTargetRowsDeleted");
    }

    @Test
    void mergeNotMatchedBySourceAndMultipleMatches() throws Exception {
        create(false);
        Sql.exec(engine.connection(), "CREATE OR REPLACE TEMP TABLE src AS SELECT i::BIGINT AS id, i::DOUBLE AS v FROM range(1, 100) r(i)");
        Merge.run(engine, table, new Merge.Spec("src", "t", "s", "t.id = s.id", List.of(
                new Merge.Clause(Merge.When.MATCHED, null, Merge.Action.UPDATE, Map.of("v", "s.v")),
                new Merge.Clause(Merge.When.NOT_MATCHED_BY_SOURCE, "t.id > 19000", Merge.Action.DELETE, Map.of())), null));
        Sql.exec(engine.connection(), "UPDATE ref SET v = id::DOUBLE WHERE id < 100");
        Sql.exec(engine.connection(), "DELETE FROM ref WHERE id > 19000");
        assertMatchesReference();

        Sql.exec(engine.connection(), "CREATE OR REPLACE TEMP TABLE dup AS SELECT 5::BIGINT AS id UNION ALL SELECT 5");
        long v = table.snapshot().version();
        assertThatThrownBy(() -> Merge.run(engine, table, new Merge.Spec("dup", "t", "s", "t.id = s.id", List.of(
                new Merge.Clause(Merge.When.MATCHED, null, Merge.Action.DELETE, Map.of())), null)))
                .isInstanceOf(Merge.MultipleMatchesException.class);
        assertThat(table.snapshot().version()).isEqualTo(v);
    }

    @Test
    void optimizeCompactsAndZOrderNarrowsRanges() throws Exception {
        StructType s = StructType.of(new StructField("id", PrimitiveType.LONG, true), new StructField("k", PrimitiveType.INTEGER, true));
        table.create(s, List.of(), Map.of("delta.targetFileSize", "200000"), null);
        for (int i = 0; i < 12; i++) {
            Write.run(engine, table, "SELECT (random() * 100000)::BIGINT AS id, (random() * 1000)::INT AS k FROM range(3000)",
                    Write.Options.append());
        }
        var before = table.snapshot();
        List<String> rowsBefore = rows("SELECT * FROM " + engine.scan(table, before, before.schema(), before.files(), false));
        Optimize.Result r = Optimize.run(engine, table, null, null, List.of());
        assertThat(r.numFilesRemoved()).isEqualTo(12);
        assertThat(r.numFilesAdded()).isLessThan(12);
        assertThat(Optimize.run(engine, table, null, null, List.of()).commit()).isNull(); // nothing left to do
        Optimize.Result z = Optimize.run(engine, table, null, null, List.of("id", "k"));
        assertThat(z.commit()).isNotNull();
        var after = table.snapshot();
        assertThat(rows("SELECT * FROM " + engine.scan(table, after, after.schema(), after.files(), false))).isEqualTo(rowsBefore);
        assertThat(after.files()).allSatisfy(f -> assertThat(f.dataChange()).isFalse());
        assertThat(table.history(1).get(0).operationParameters()).containsEntry("zOrderBy", "[\"id\",\"k\"]");
    }

    @Test
    void constraintsAreEnforcedOnEveryWritePath() throws Exception {
        create(false);
        AlterTable.addConstraint(engine, table, "positive_v", "v > 0");
        long v = table.snapshot().version();
        assertThatThrownBy(() -> Write.run(engine, table, "SELECT 1::BIGINT, 'x', -1.0", Write.Options.append()))
                .isInstanceOf(Constraints.ConstraintViolationException.class).hasMessageContaining("positive_v");
        assertThatThrownBy(() -> Update.run(engine, table, Map.of("v", "-v"), "id = 3", null))
                .isInstanceOf(Constraints.ConstraintViolationException.class);
        assertThat(table.snapshot().version()).isEqualTo(v);
        assertThatThrownBy(() -> AlterTable.addConstraint(engine, table, "small", "v < 10"))
                .isInstanceOf(Constraints.ConstraintViolationException.class).hasMessageContaining("existing row");
        Write.run(engine, table, "SELECT 1::BIGINT, 'x', 1.0", Write.Options.append());
        assertThat(table.snapshot().version()).isEqualTo(v + 1);
    }

    @Test
    void renameColumnKeepsDataReadable() throws Exception {
        create(false);
        AlterTable.renameColumn(table, "v", "value");
        var s = table.snapshot();
        assertThat(s.schema().fieldNames()).containsExactly("id", "part", "value");
        assertThat(s.protocol().minReaderVersion()).isEqualTo(2);
        assertThat(rows("SELECT id, part, value FROM " + engine.scan(table, s, s.schema(), s.files(), false)))
                .isEqualTo(rows("SELECT id, part, v FROM ref"));
        AlterTable.addColumns(table, List.of(new StructField("extra", PrimitiveType.STRING, true)));
        Write.run(engine, table, "SELECT 1::BIGINT, 'x', 2.0, 'e'", Write.Options.append());
        var s2 = table.snapshot();
        assertThat(rows("SELECT count(*) FILTER (WHERE extra = 'e'), count(*) FROM "
                + engine.scan(table, s2, s2.schema(), s2.files(), false))).containsExactly("1|20001|");
    }

    @Test
    void changeDataFeedRecordsEveryChange() throws Exception {
        create(false);
        AlterTable.setProperties(table, Map.of("delta.enableChangeDataFeed", "true"));
        long start = table.snapshot().version() + 1;
        Update.run(engine, table, Map.of("v", "0"), "id = 4", null);
        Delete.run(engine, table, "id = 5", null);
        Write.run(engine, table, "SELECT 9999::BIGINT, 'n', 1.0", Write.Options.append());
        assertThat(rows("SELECT id, _change_type, _commit_version FROM " + ChangeFeed.scanSql(engine, table, start, null)))
                .containsExactly("4|update_postimage|" + start + "|", "4|update_preimage|" + start + "|",
                        "5|delete|" + (start + 1) + "|", "9999|insert|" + (start + 2) + "|");
    }

    @Test
    void concurrentDeletesOfTheSameFilesConflict() {
        create(false);
        // Two deletes planned on the same snapshot: the second must fail, not lose the first's effect.
        var t2 = new DeltaTable("t", new DeltaLog(table.store(), "t/", engine));
        var txn = t2.newTransaction();
        txn.readWholeTable().forEach(f -> txn.remove(f, true));
        Delete.run(engine, table, "id < 100", null);
        assertThatThrownBy(() -> txn.commit(io.floe.table.Operation.of("DELETE")))
                .isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void missingDataFileIsNamed() throws Exception {
        create(false);
        var s = table.snapshot();
        String victim = s.files().get(0).path();
        java.nio.file.Files.delete(dir.resolve("t").resolve(victim));
        assertThatThrownBy(() -> engine.scan(table, s, s.schema(), s.files(), false))
                .isInstanceOf(FloeException.class).hasMessageContaining(victim);
    }
}
