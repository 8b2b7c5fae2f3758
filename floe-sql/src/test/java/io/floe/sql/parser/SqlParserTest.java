package io.floe.sql.parser;

import io.floe.sql.parser.SqlStatement.AddColumns;
import io.floe.sql.parser.SqlStatement.AddConstraint;
import io.floe.sql.parser.SqlStatement.AlterColumnNullability;
import io.floe.sql.parser.SqlStatement.CreateTable;
import io.floe.sql.parser.SqlStatement.Delete;
import io.floe.sql.parser.SqlStatement.DescribeDetail;
import io.floe.sql.parser.SqlStatement.DescribeHistory;
import io.floe.sql.parser.SqlStatement.DescribeTable;
import io.floe.sql.parser.SqlStatement.DropConstraint;
import io.floe.sql.parser.SqlStatement.DropTable;
import io.floe.sql.parser.SqlStatement.Explain;
import io.floe.sql.parser.SqlStatement.Insert;
import io.floe.sql.parser.SqlStatement.Merge;
import io.floe.sql.parser.SqlStatement.Optimize;
import io.floe.sql.parser.SqlStatement.QueryStatement;
import io.floe.sql.parser.SqlStatement.RenameColumn;
import io.floe.sql.parser.SqlStatement.Restore;
import io.floe.sql.parser.SqlStatement.SetConfig;
import io.floe.sql.parser.SqlStatement.SetTableProperties;
import io.floe.sql.parser.SqlStatement.ShowTables;
import io.floe.sql.parser.SqlStatement.UnsetTableProperties;
import io.floe.sql.parser.SqlStatement.Update;
import io.floe.sql.parser.SqlStatement.Vacuum;
import io.floe.types.ArrayType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every statement form parses into the expected record. */
class SqlParserTest {

    @SuppressWarnings("unchecked")
    private static <T extends SqlStatement> T parse(String sql, Class<T> type) {
        SqlStatement s = SqlParser.parse(sql);
        assertThat(s).isInstanceOf(type);
        return (T) s;
    }

    // ------------------------------------------------------------------ CREATE TABLE

    @Test
    void createTableWithColumnsAndEveryClause() {
        String sql = """
                create table if not exists sales.orders (
                  id bigint not null comment 'the key',
                  `customer name` string,
                  amount decimal(12, 2),
                  tags array<string>,
                  attrs map<string, int>,
                  addr struct<city: string, zip:int not null>,
                  ts timestamp_ntz,
                  day date,
                  n INTEGER, s SMALLINT, b TINYINT, f FLOAT, d DOUBLE, ok BOOLEAN, raw BINARY, t TIMESTAMP, v varchar(10)
                ) using DELTA partitioned by (day) location '/data/orders' comment 'orders'
                tblproperties ('delta.appendOnly' = 'true', delta.checkpointInterval = 5, 'x' 'y')""";
        CreateTable c = parse(sql, CreateTable.class);
        assertThat(c.table().parts()).containsExactly("sales", "orders");
        assertThat(c.ifNotExists()).isTrue();
        assertThat(c.orReplace()).isFalse();
        assertThat(c.format()).isEqualTo("delta");
        assertThat(c.location()).isEqualTo("/data/orders");
        assertThat(c.comment()).isEqualTo("orders");
        assertThat(c.properties()).containsExactly(Map.entry("delta.appendOnly", "true"), Map.entry("delta.checkpointInterval", "5"),
                Map.entry("x", "y"));
        assertThat(c.partitionBy()).extracting(PartitionField::column).containsExactly("day");
        assertThat(c.partitionBy().get(0).isIdentity()).isTrue();
        assertThat(c.registersExisting()).isFalse();
        StructType schema = c.schema();
        assertThat(schema.fieldNames()).containsExactly("id", "customer name", "amount", "tags", "attrs", "addr", "ts", "day",
                "n", "s", "b", "f", "d", "ok", "raw", "t", "v");
        assertThat(schema.field("id").get()).isEqualTo(new StructField("id", PrimitiveType.LONG, false, Map.of("comment", "the key")));
        assertThat(schema.field("amount").get().type()).isEqualTo(new DecimalType(12, 2));
        assertThat(schema.field("tags").get().type()).isEqualTo(new ArrayType(PrimitiveType.STRING, true));
        assertThat(schema.field("attrs").get().type()).isEqualTo(new MapType(PrimitiveType.STRING, PrimitiveType.INTEGER, true));
        assertThat(schema.field("addr").get().type()).isEqualTo(new StructType(List.of(
                new StructField("city", PrimitiveType.STRING, true), new StructField("zip", PrimitiveType.INTEGER, false))));
        assertThat(schema.field("ts").get().type()).isEqualTo(PrimitiveType.TIMESTAMP_NTZ);
        assertThat(schema.field("n").get().type()).isEqualTo(PrimitiveType.INTEGER);
        assertThat(schema.field("s").get().type()).isEqualTo(PrimitiveType.SHORT);
        assertThat(schema.field("b").get().type()).isEqualTo(PrimitiveType.BYTE);
        assertThat(schema.field("raw").get().type()).isEqualTo(PrimitiveType.BINARY);
        assertThat(schema.field("t").get().type()).isEqualTo(PrimitiveType.TIMESTAMP);
        assertThat(schema.field("v").get().type()).isEqualTo(PrimitiveType.STRING);
        assertThat(c.span().text(sql)).isEqualTo(sql);
    }

    @Test
    void nestedAngleBracketsCloseTogether() {
        CreateTable c = parse("CREATE TABLE t (m map<string,array<struct<a:int>>>) USING delta", CreateTable.class);
        assertThat(c.columns().get(0).type().simpleString()).isEqualTo("map<string,array<struct<a:integer>>>");
    }

    @Test
    void createTableAsSelect() {
        CreateTable c = parse("CREATE OR REPLACE TABLE gold USING DELTA PARTITIONED BY (month) LOCATION 's3://b/gold' "
                + "AS SELECT month, sum(x) FROM silver VERSION AS OF 3 GROUP BY month", CreateTable.class);
        assertThat(c.orReplace()).isTrue();
        assertThat(c.columns()).isEmpty();
        assertThat(c.schema()).isNull();
        assertThat(c.asQuery().sql()).isEqualTo("SELECT month, sum(x) FROM silver VERSION AS OF 3 GROUP BY month");
        assertThat(c.tableRefs()).singleElement().satisfies(r -> {
            assertThat(r.table().name()).isEqualTo("silver");
            assertThat(r.timeTravel()).isEqualTo(new TimeTravel.AsOfVersion(3, r.timeTravel().span()));
        });
        assertThat(c.location()).isEqualTo("s3://b/gold");
    }

    @Test
    void createTableRegisteringAnExistingLocation() {
        CreateTable c = parse("CREATE TABLE events USING DELTA LOCATION '/lake/events'", CreateTable.class);
        assertThat(c.registersExisting()).isTrue();
        assertThat(c.location()).isEqualTo("/lake/events");
    }

    @Test
    void icebergPartitionTransforms() {
        CreateTable c = parse("CREATE TABLE t (id bigint, ts timestamp, s string) USING ICEBERG "
                + "PARTITIONED BY (years(ts), days(ts), bucket(16, id), truncate(s, 4), s)", CreateTable.class);
        assertThat(c.format()).isEqualTo("iceberg");
        assertThat(c.partitionBy()).extracting(PartitionField::transform).containsExactly(PartitionField.Transform.YEAR,
                PartitionField.Transform.DAY, PartitionField.Transform.BUCKET, PartitionField.Transform.TRUNCATE,
                PartitionField.Transform.IDENTITY);
        assertThat(c.partitionBy().get(2).parameter()).isEqualTo(16);
        assertThat(c.partitionBy().get(3).parameter()).isEqualTo(4);
        assertThat(c.partitionBy().get(3).column()).isEqualTo("s");
    }

    // ------------------------------------------------------------------ INSERT

    @Test
    void insertForms() {
        Insert a = parse("INSERT INTO t VALUES (1, 'a'), (2, 'b')", Insert.class);
        assertThat(a.overwrite()).isFalse();
        assertThat(a.columns()).isEmpty();
        assertThat(a.source().sql()).isEqualTo("VALUES (1, 'a'), (2, 'b')");
        assertThat(a.source().tables()).isEmpty();

        Insert b = parse("insert overwrite table db.t (a, `b c`) select * from s where x > 1", Insert.class);
        assertThat(b.overwrite()).isTrue();
        assertThat(b.table().parts()).containsExactly("db", "t");
        assertThat(b.columns()).containsExactly("a", "b c");
        assertThat(b.tableRefs()).extracting(r -> r.table().name()).containsExactly("s");

        Insert c = parse("INSERT INTO t (SELECT * FROM s)", Insert.class);
        assertThat(c.columns()).isEmpty();
        assertThat(c.source().sql()).isEqualTo("(SELECT * FROM s)");

        Insert d = parse("INSERT INTO t REPLACE WHERE day = '2024-01-01' SELECT * FROM s", Insert.class);
        assertThat(d.overwrite()).isTrue();
        assertThat(d.replaceWhere().sql()).isEqualTo("day = '2024-01-01'");

        Insert e = parse("INSERT INTO t WITH x AS (SELECT 1 AS a) SELECT * FROM x", Insert.class);
        assertThat(e.source().tables()).isEmpty();
        assertThat(e.source().cteNames()).containsExactly("x");
    }

    // ------------------------------------------------------------------ UPDATE / DELETE / MERGE

    @Test
    void updateWithAliasAssignmentsAndWhere() {
        String sql = "UPDATE events AS e SET e.status = 'done', n = n + 1, addr.city = upper(addr.city) WHERE e.day >= '2024-01-01' AND id IN (SELECT id FROM fixes)";
        Update u = parse(sql, Update.class);
        assertThat(u.table().name()).isEqualTo("events");
        assertThat(u.alias()).isEqualTo("e");
        assertThat(u.assignments()).extracting(Assignment::column).containsExactly(List.of("e", "status"), List.of("n"),
                List.of("addr", "city"));
        assertThat(u.assignments()).extracting(a -> a.value().sql()).containsExactly("'done'", "n + 1", "upper(addr.city)");
        assertThat(u.where().sql()).isEqualTo("e.day >= '2024-01-01' AND id IN (SELECT id FROM fixes)");
        assertThat(u.tableRefs()).extracting(r -> r.table().name()).containsExactly("fixes");
        assertThat(parse("UPDATE t SET a = 1", Update.class).where()).isNull();
        assertThat(parse("UPDATE t x SET a = 1", Update.class).alias()).isEqualTo("x");
    }

    @Test
    void deleteForms() {
        Delete d = parse("DELETE FROM t WHERE a = 1 OR b IS NULL", Delete.class);
        assertThat(d.where().sql()).isEqualTo("a = 1 OR b IS NULL");
        assertThat(d.alias()).isNull();
        assertThat(parse("DELETE FROM delta.`/data/t` AS x", Delete.class).table().path()).isEqualTo("/data/t");
        assertThat(parse("delete from t", Delete.class).where()).isNull();
    }

    @Test
    void mergeWithEveryClauseKind() {
        String sql = """
                MERGE INTO target t
                USING (SELECT * FROM updates WHERE day = '2024-01-01') AS s
                ON t.id = s.id
                WHEN MATCHED AND s.deleted THEN DELETE
                WHEN MATCHED AND s.v > t.v THEN UPDATE SET v = s.v, t.n = t.n + 1
                WHEN MATCHED THEN UPDATE SET *
                WHEN NOT MATCHED BY TARGET AND s.v > 0 THEN INSERT (id, v) VALUES (s.id, s.v)
                WHEN NOT MATCHED THEN INSERT *
                WHEN NOT MATCHED BY SOURCE AND t.day < '2020-01-01' THEN DELETE
                WHEN NOT MATCHED BY SOURCE THEN UPDATE SET stale = true""";
        Merge m = parse(sql, Merge.class);
        assertThat(m.target().name()).isEqualTo("target");
        assertThat(m.targetAlias()).isEqualTo("t");
        assertThat(m.sourceAlias()).isEqualTo("s");
        assertThat(m.source().sql()).isEqualTo("SELECT * FROM updates WHERE day = '2024-01-01'");
        assertThat(m.source().isSingleTable()).isFalse();
        assertThat(m.on().sql()).isEqualTo("t.id = s.id");
        assertThat(m.clauses()).extracting(MergeClause::when).containsExactly(MergeClause.When.MATCHED, MergeClause.When.MATCHED,
                MergeClause.When.MATCHED, MergeClause.When.NOT_MATCHED, MergeClause.When.NOT_MATCHED,
                MergeClause.When.NOT_MATCHED_BY_SOURCE, MergeClause.When.NOT_MATCHED_BY_SOURCE);
        assertThat(m.clauses().get(0).action()).isInstanceOf(MergeClause.Delete.class);
        assertThat(m.clauses().get(0).condition().sql()).isEqualTo("s.deleted");
        assertThat(((MergeClause.Update) m.clauses().get(1).action()).assignments()).extracting(Assignment::column)
                .containsExactly(List.of("v"), List.of("t", "n"));
        assertThat(m.clauses().get(2).action()).isInstanceOf(MergeClause.UpdateAll.class);
        assertThat(m.clauses().get(2).condition()).isNull();
        MergeClause.Insert ins = (MergeClause.Insert) m.clauses().get(3).action();
        assertThat(ins.columns()).containsExactly("id", "v");
        assertThat(ins.values()).extracting(ParsedExpr::sql).containsExactly("s.id", "s.v");
        assertThat(m.clauses().get(4).action()).isInstanceOf(MergeClause.InsertAll.class);
        assertThat(m.clauses().get(5).condition().sql()).isEqualTo("t.day < '2020-01-01'");
        assertThat(m.clauses().get(6).action()).isInstanceOf(MergeClause.Update.class);
        assertThat(m.tableRefs()).extracting(r -> r.table().name()).containsExactly("updates");
    }

    @Test
    void mergeFromATableWithTimeTravel() {
        String sql = "MERGE INTO t USING src VERSION AS OF 7 AS s ON t.id = s.id WHEN MATCHED THEN DELETE";
        Merge m = parse(sql, Merge.class);
        assertThat(m.targetAlias()).isNull();
        assertThat(m.sourceAlias()).isEqualTo("s");
        assertThat(m.source().isSingleTable()).isTrue();
        assertThat(m.source().sql()).isEqualTo("src VERSION AS OF 7");
        TableRef ref = m.source().tables().get(0);
        assertThat(ref.timeTravel()).isInstanceOf(TimeTravel.AsOfVersion.class);
        assertThat(((TimeTravel.AsOfVersion) ref.timeTravel()).version()).isEqualTo(7);
        assertThat(m.source().render(r -> "(SELECT 1)")).isEqualTo("(SELECT 1)");
        Merge plain = parse("MERGE INTO t a USING s b ON a.k = b.k WHEN NOT MATCHED THEN INSERT *", Merge.class);
        assertThat(plain.targetAlias()).isEqualTo("a");
        assertThat(plain.sourceAlias()).isEqualTo("b");
        assertThat(plain.source().tables().get(0).timeTravel()).isNull();
    }

    // ------------------------------------------------------------------ maintenance

    @Test
    void optimizeForms() {
        Optimize o = parse("OPTIMIZE events WHERE day >= '2024-01-01' ZORDER BY (user_id, ts)", Optimize.class);
        assertThat(o.where().sql()).isEqualTo("day >= '2024-01-01'");
        assertThat(o.zOrderBy()).containsExactly(List.of("user_id"), List.of("ts"));
        assertThat(parse("OPTIMIZE events", Optimize.class).zOrderBy()).isEmpty();
        assertThat(parse("OPTIMIZE events ZORDER BY a, b.c", Optimize.class).zOrderBy()).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(parse("OPTIMIZE '/data/t'", Optimize.class).table().path()).isEqualTo("/data/t");
    }

    @Test
    void vacuumForms() {
        Vacuum v = parse("VACUUM events RETAIN 168 HOURS DRY RUN", Vacuum.class);
        assertThat(v.retainHours()).isEqualTo(168.0);
        assertThat(v.dryRun()).isTrue();
        Vacuum w = parse("vacuum delta.`s3://bucket/t` retain 0.5 hours", Vacuum.class);
        assertThat(w.table().path()).isEqualTo("s3://bucket/t");
        assertThat(w.table().pathFormat()).isEqualTo("delta");
        assertThat(w.retainHours()).isEqualTo(0.5);
        assertThat(w.dryRun()).isFalse();
        assertThat(parse("VACUUM t", Vacuum.class).retainHours()).isNull();
    }

    @Test
    void restoreForms() {
        Restore r = parse("RESTORE TABLE t TO VERSION AS OF 3", Restore.class);
        assertThat(r.target()).isInstanceOf(TimeTravel.AsOfVersion.class);
        Restore s = parse("restore t timestamp as of '2024-01-01 10:00:00'", Restore.class);
        assertThat(((TimeTravel.AsOfTimestamp) s.target()).timestamp()).isEqualTo("2024-01-01 10:00:00");
    }

    @Test
    void describeAndShow() {
        DescribeHistory h = parse("DESCRIBE HISTORY t LIMIT 5", DescribeHistory.class);
        assertThat(h.limit()).isEqualTo(5);
        assertThat(parse("DESC HISTORY delta.`/x`", DescribeHistory.class).limit()).isNull();
        assertThat(parse("DESCRIBE DETAIL db.t", DescribeDetail.class).table().parts()).containsExactly("db", "t");
        assertThat(parse("DESCRIBE TABLE t", DescribeTable.class).table().name()).isEqualTo("t");
        assertThat(parse("DESCRIBE t", DescribeTable.class).table().name()).isEqualTo("t");
        assertThat(parse("DESCRIBE history", DescribeTable.class).table().name()).isEqualTo("history");
        assertThat(parse("DESCRIBE EXTENDED t", DescribeTable.class).extended()).isTrue();
        ShowTables s = parse("SHOW TABLES", ShowTables.class);
        assertThat(s.namespace()).isEmpty();
        assertThat(s.pattern()).isNull();
        ShowTables s2 = parse("SHOW TABLES IN sales LIKE 'ord*'", ShowTables.class);
        assertThat(s2.namespace()).containsExactly("sales");
        assertThat(s2.pattern()).isEqualTo("ord*");
    }

    // ------------------------------------------------------------------ ALTER / DROP / SET / EXPLAIN

    @Test
    void alterTableForms() {
        AddColumns a = parse("ALTER TABLE t ADD COLUMNS (x int NOT NULL, y string COMMENT 'why')", AddColumns.class);
        assertThat(a.columns()).extracting(ColumnDef::name).containsExactly("x", "y");
        assertThat(a.columns().get(0).nullable()).isFalse();
        assertThat(a.columns().get(1).comment()).isEqualTo("why");
        assertThat(parse("ALTER TABLE t ADD COLUMN z double", AddColumns.class).columns()).hasSize(1);
        RenameColumn r = parse("ALTER TABLE t RENAME COLUMN a TO b", RenameColumn.class);
        assertThat(r.column()).containsExactly("a");
        assertThat(r.newName()).isEqualTo("b");
        SetTableProperties s = parse("ALTER TABLE t SET TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 30 days')",
                SetTableProperties.class);
        assertThat(s.properties()).containsEntry("delta.logRetentionDuration", "interval 30 days");
        UnsetTableProperties u = parse("ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('a', b.c)", UnsetTableProperties.class);
        assertThat(u.keys()).containsExactly("a", "b.c");
        assertThat(u.ifExists()).isTrue();
        AddConstraint c = parse("ALTER TABLE t ADD CONSTRAINT positive CHECK (amount > 0 AND (x IS NULL OR x < 10))", AddConstraint.class);
        assertThat(c.name()).isEqualTo("positive");
        assertThat(c.check().sql()).isEqualTo("amount > 0 AND (x IS NULL OR x < 10)");
        DropConstraint d = parse("ALTER TABLE t DROP CONSTRAINT IF EXISTS positive", DropConstraint.class);
        assertThat(d.ifExists()).isTrue();
        AlterColumnNullability n = parse("ALTER TABLE t ALTER COLUMN id SET NOT NULL", AlterColumnNullability.class);
        assertThat(n.notNull()).isTrue();
        assertThat(parse("ALTER TABLE t CHANGE COLUMN id DROP NOT NULL", AlterColumnNullability.class).notNull()).isFalse();
        assertThat(parse("DROP TABLE IF EXISTS t", DropTable.class).ifExists()).isTrue();
        assertThat(parse("DROP TABLE t", DropTable.class).ifExists()).isFalse();
    }

    @Test
    void setAndExplain() {
        SetConfig s = parse("SET spark.databricks.delta.retentionDurationCheck.enabled = false", SetConfig.class);
        assertThat(s.key()).isEqualTo("spark.databricks.delta.retentionDurationCheck.enabled");
        assertThat(s.value()).isEqualTo("false");
        assertThat(parse("SET a.b = 'x y'", SetConfig.class).value()).isEqualTo("x y");
        assertThat(parse("SET a.b", SetConfig.class).value()).isNull();
        assertThat(parse("SET", SetConfig.class).key()).isNull();
        Explain e = parse("EXPLAIN SELECT * FROM t WHERE a = 1", Explain.class);
        assertThat(e.query().sql()).isEqualTo("SELECT * FROM t WHERE a = 1");
        assertThat(e.tableRefs()).hasSize(1);
    }

    @Test
    void queriesAndTableChanges() {
        QueryStatement q = parse("SELECT * FROM table_changes('db.events', 2, 5) WHERE _change_type = 'insert'", QueryStatement.class);
        TableRef r = q.query().tables().get(0);
        assertThat(r.isChanges()).isTrue();
        assertThat(r.table().parts()).containsExactly("db", "events");
        assertThat(r.changes()).isEqualTo(new ChangeRange(2L, null, 5L, null));
        assertThat(r.span().text(q.query().source())).isEqualTo("table_changes('db.events', 2, 5)");
        TableRef ts = parse("SELECT * FROM table_changes('delta.`/p/t`', '2024-01-01')", QueryStatement.class).query().tables().get(0);
        assertThat(ts.table().path()).isEqualTo("/p/t");
        assertThat(ts.changes()).isEqualTo(new ChangeRange(null, "2024-01-01", null, null));
        assertThat(ts.changes().hasEnd()).isFalse();
        for (String sql : List.of("VALUES (1), (2)", "FROM t", "TABLE t", "(SELECT 1) UNION ALL (SELECT 2)", "WITH a AS (SELECT 1) SELECT * FROM a")) {
            assertThat(SqlParser.parse(sql)).as(sql).isInstanceOf(QueryStatement.class);
        }
    }

    @Test
    void standaloneEntryPoints() {
        assertThat(SqlParser.parseType("array<decimal(5,1)>")).isEqualTo(new ArrayType(new DecimalType(5, 1), true));
        assertThat(SqlParser.parseTableName("delta.`/a b/c`").path()).isEqualTo("/a b/c");
        assertThat(SqlParser.parseExpression("x > 0").tree()).isInstanceOf(Expr.Binary.class);
        assertThat(SqlParser.parse("SELECT 1;").span().text("SELECT 1;")).isEqualTo("SELECT 1");
    }

    @Test
    void keywordsAreCaseInsensitiveAndIdentifiersQuotable() {
        Delete d = parse("DeLeTe FrOm \"my table\" wHeRe `a b` = 1", Delete.class);
        assertThat(d.table().name()).isEqualTo("my table");
        assertThat(((Expr.ColumnRef) ((Expr.Binary) d.where().tree()).left()).parts()).containsExactly("a b");
    }

    @Test
    void scriptsKeepPositions() {
        String script = "CREATE TABLE t (a int) USING DELTA;\n-- comment; with a semicolon\nINSERT INTO t VALUES (1);\n\nSELECT * FROM t";
        List<SqlStatement> all = SqlParser.parseScript(script);
        assertThat(all).hasSize(3);
        assertThat(all.get(1).span().line()).isEqualTo(3);
        assertThat(all.get(2).span().line()).isEqualTo(5);
        assertThat(all.get(2).span().text(script)).isEqualTo("SELECT * FROM t");
        TableRef ref = all.get(2).tableRefs().get(0);
        assertThat(ref.span().line()).isEqualTo(5);
        assertThat(ref.span().column()).isEqualTo(15);
    }
}
