package io.floe.interop;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One local Spark session (delta-spark, and Iceberg's Spark runtime with a path catalog {@code ice} over
 * {@link #icebergWarehouse()}) for the whole test run, and row canonicalization shared by both sides.
 */
final class Spark {
    private static volatile SparkSession session;
    static Path dir;
    private static final List<Path> TEMP_DIRS = java.util.Collections.synchronizedList(new ArrayList<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SparkSession s = session; // no lock: a hook must not wait for a thread the JVM is leaving behind
            if (s != null) {
                s.stop();
            }
            // once Spark has stopped nothing writes into them any more
            if (!Boolean.getBoolean("floe.interop.keepTables")) {
                TEMP_DIRS.forEach(Spark::deleteTree);
            }
        }));
    }

    private Spark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            long start = System.nanoTime();
            try {
                dir = tempDir("floe-interop-spark-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty("derby.system.home", dir.resolve("derby").toString());
            session = SparkSession.builder().master("local[2]").appName("floe-interop")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,"
                            + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                    // Iceberg tables by path, as Spark keeps them without a metastore: <warehouse>/<db>/<table>
                    .config("spark.sql.catalog.ice", "org.apache.iceberg.spark.SparkCatalog")
                    .config("spark.sql.catalog.ice.type", "hadoop")
                    .config("spark.sql.catalog.ice.warehouse", dir.resolve("iceberg").toUri().toString())
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
            // start-up dominates short runs; the figure lands in the first test class's -output.txt
            System.err.printf("floe-interop: Spark session started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
        return session;
    }

    /** Where Spark's {@code ice} catalog keeps Iceberg tables: {@code ice.db.t} lives in {@code <this>/db/t}. */
    static Path icebergWarehouse() {
        session();
        return dir.resolve("iceberg");
    }

    /** A temp dir removed when the test JVM exits (kept with -Dfloe.interop.keepTables=true, to look at a failure's tables). */
    static Path tempDir(String prefix) throws IOException {
        Path d = Files.createTempDirectory(prefix);
        TEMP_DIRS.add(d);
        return d;
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a leftover temp dir is harmless
        }
    }

    /** Spark's rows of a Delta table at a version, canonical and sorted. */
    static List<String> rows(String path, long version, String columns) {
        return canonicalRows(session().read().format("delta").option("versionAsOf", version).load(path).selectExpr(columns.split(","))
                .collectAsList());
    }

    /** Spark's rows, each canonical ({@link #canonical}), sorted. */
    static List<String> canonicalRows(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(canonical(r));
        }
        out.sort(null);
        return out;
    }

    /** One row as a string both engines agree on: numbers by value, instants in UTC, structs as lists, maps sorted. */
    static String canonical(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return Long.toString(((Number) v).longValue());
        }
        if (v instanceof Float f) {
            return Double.toString(f.doubleValue());
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof scala.math.BigDecimal b) {
            return b.bigDecimal().toPlainString();
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof Row r) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                l.add(r.get(i));
            }
            return canonical(l);
        }
        if (v instanceof scala.collection.Seq<?> s) {
            return canonical(new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(s)));
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            return canonical(scala.jdk.javaapi.CollectionConverters.asJava(m));
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(canonical(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(canonical(k), canonical(x)));
            return sorted.toString();
        }
        return v.toString();
    }

    /** Floe's value of a column of the given (DuckDB) type: structs come as field-ordered maps and become lists. */
    static String canonicalFloe(Object v, io.floe.types.DataType t) {
        if (v == null) {
            return "null";
        }
        if (t instanceof io.floe.types.StructType st && v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            int i = 0;
            for (Object x : m.values()) {
                parts.add(canonicalFloe(x, st.fields().get(i++).type()));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (t instanceof io.floe.types.ArrayType at && v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(canonicalFloe(x, at.elementType())));
            return "[" + String.join(", ", parts) + "]";
        }
        if (t instanceof io.floe.types.MapType mt && v instanceof Map<?, ?> m) {
            TreeMap<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(canonicalFloe(k, mt.keyType()), canonicalFloe(x, mt.valueType())));
            return sorted.toString();
        }
        if (t == io.floe.types.PrimitiveType.TIMESTAMP_NTZ && v instanceof java.time.LocalDateTime) {
            return v.toString();
        }
        return canonical(v);
    }

    /** Floe's rows of a query, canonical and sorted. */
    static List<String> floeRows(io.floe.QueryResult r) {
        List<io.floe.types.DataType> types = r.columnTypes().stream().map(io.floe.operations.DuckTypes::toDataType).toList();
        List<String> out = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                parts.add(canonicalFloe(row.get(i), types.get(i)));
            }
            out.add("[" + String.join(", ", parts) + "]");
        }
        out.sort(null);
        return out;
    }

    static long latestVersion(String path) {
        return session().sql("DESCRIBE HISTORY delta.`" + path + "` LIMIT 1").collectAsList().get(0).getLong(0);
    }
}
