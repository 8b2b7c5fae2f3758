package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.s3.FaultyHttpProxy;
import io.floe.storage.ObjectStores;
import io.floe.storage.StoreRequests;
import io.floe.storage.StoreRequests.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * s3-semantics: what object storage does to a lakehouse workload. The same small workload (appends, a point query, a full
 * scan) runs against an S3 server three times — as is, with latency added to every request, with 503 SlowDown throttling —
 * and the lab counts the requests by kind, the retries and the time. Then the same rows as many tiny objects vs. after
 * compaction; then two writers racing for the same commit, with a conditional PUT and with "check, then write".
 *
 * <p>Without {@code --warehouse s3://…} the server is S3Proxy, started in this process on loopback behind a proxy that
 * injects the faults; with a user's own S3 warehouse, the parts that need injected faults are skipped.
 */
public final class S3SemanticsLab implements Lab {
    static final String PREFIX = "lab_s3_";
    static final long LATENCY_MS = 20;
    /** Every n-th request is answered 503 SlowDown in the throttled run. */
    static final int THROTTLE_EVERY = 5;
    static final int ROWS_PER_APPEND = 100;
    /** The retry backoff base on the embedded server (Floe's default is 100 ms; throttled requests wait ten times as long). */
    static final int RETRY_BASE_MS = 20;

    @Override
    public String name() {
        return "s3-semantics";
    }

    @Override
    public String summary() {
        return "a workload on S3 as is, with latency and with 503 throttling (requests, retries, time); tiny objects; "
                + "conditional PUT vs. check-then-write";
    }

    /** The situations the workload runs in. */
    enum Condition {
        PLAIN("no faults"), LATENCY("+" + LATENCY_MS + " ms per request"), THROTTLED("every " + ordinal(THROTTLE_EVERY) + " request: 503 SlowDown");

        final String label;

        Condition(String label) {
            this.label = label;
        }

        private static String ordinal(int n) {
            return n + (n == 2 ? "nd" : n == 3 ? "rd" : "th");
        }
    }

    /** The S3 the lab talks to: its own embedded server (with faults) or the user's (without). */
    private record Target(String warehouse, Map<String, String> options, EmbeddedS3 embedded) {
        boolean faults() {
            return embedded != null;
        }
    }

    @Override
    public LabResult run(LabContext ctx) throws Exception {
        boolean own = isS3(ctx.warehouse());
        EmbeddedS3 s3 = own ? null : EmbeddedS3.start();
        try {
            Target t;
            if (own) {
                Map<String, String> o = new LinkedHashMap<>(ctx.options());
                o.put("cache.dir", "none"); // every read a request: that is what the lab counts
                t = new Target(ctx.warehouse(), o, null);
            } else {
                ctx.step("started an S3 server (S3Proxy, in memory) on " + s3.serverEndpoint() + ", behind a fault-injecting proxy on "
                        + s3.proxy().endpoint());
                t = new Target(s3.warehouse("lab"), s3.options(RETRY_BASE_MS), s3);
            }
            return run(ctx, t);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    static boolean isS3(String warehouse) {
        String w = warehouse.toLowerCase(Locale.ROOT);
        return w.startsWith("s3://") || w.startsWith("s3a://");
    }

    private LabResult run(LabContext ctx, Target t) throws Exception {
        LabFormat format = ctx.format();
        int appends = ctx.scale().times(20);
        List<Condition> conditions = t.faults() ? List.of(Condition.values()) : List.of(Condition.PLAIN);

        // the workload once unmeasured first: the first run would otherwise also time class loading and the JIT
        ctx.step("warming up (the same workload, not measured)");
        workload(t, format, PREFIX + "warm_up", appends, Condition.PLAIN);
        try (Floe floe = Floe.open(t.warehouse(), t.options())) {
            LabSql.dropAll(floe, PREFIX + "warm_up");
        }

        // 1. the workload under each condition
        List<Workload> runs = new ArrayList<>();
        for (Condition c : conditions) {
            ctx.step(appends + " appends of " + ROWS_PER_APPEND + " rows, a point query and a full scan: " + c.label);
            runs.add(workload(t, format, table(c), appends, c));
        }

        // 2. the plain run's table: its tiny objects, then compacted
        String tiny = table(Condition.PLAIN);
        ctx.step("cold full scans of " + appends + " tiny files, then " + format.compactCommand(tiny).replace(";", "")
                + " and the same scans again");
        ColdScans before = coldScans(t, tiny, conditions);
        try (Floe floe = Floe.open(t.warehouse(), t.options())) {
            floe.sql(format.compactCommand(tiny));
        }
        ColdScans after = coldScans(t, tiny, conditions);

        // 3. two writers racing for the same commit
        int rounds = ctx.scale().times(4);
        ctx.step("2 writers × " + rounds + " rounds racing for the same commit: check-then-write, then put-if-absent");
        RaceOutcome unsafe = race(t, format, PREFIX + "race_check_then_write", rounds, RacingCommitStore.Mode.CHECK_THEN_WRITE);
        RaceOutcome safe = race(t, format, PREFIX + "race_put_if_absent", rounds, RacingCommitStore.Mode.PUT_IF_ABSENT);

        List<LabResult.Section> sections = List.of(workloadSection(runs, conditions, appends, t.faults()),
                tinySection(before, after, appends, format, t.faults()), raceSection(unsafe, safe, rounds));
        List<String> explanation = new ArrayList<>();
        if (t.faults()) {
            explanation.add("The server: S3Proxy (an S3-compatible server, in memory) that the lab started on "
                    + t.embedded().serverEndpoint() + ", reached through a proxy on " + t.embedded().proxy().endpoint()
                    + " that adds the latency and answers the 503s; retries back off from " + RETRY_BASE_MS + " ms ("
                    + RETRY_BASE_MS * 10 + " ms when throttled; Floe's default is 100 ms and 1 s). Give --warehouse s3://… "
                    + "to run what needs no injected faults against your own S3.");
        }
        explanation.addAll(explanation(runs, before, after, unsafe, safe, format, t.faults()));
        return new LabResult(name(), "object storage semantics", ctx.scale().label(), t.warehouse(), sections, explanation,
                List.of(format.compactCommand(tiny) + "   -- fewer, bigger objects: fewer requests, less throttling",
                        "-- commits: a conditional PUT (If-None-Match: *) of the next " + (format == LabFormat.DELTA
                                ? "_delta_log/N.json" : "metadata/vN.metadata.json") + ", as Floe does"));
    }

    private static String table(Condition c) {
        return PREFIX + c.name().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ faults

    /** Sets the proxy up for a condition; returns the counter of 503s it answers (0 unless throttled). */
    private static FaultyHttpProxy.Rule inject(Target t, Condition c) {
        if (!t.faults()) {
            return null;
        }
        FaultyHttpProxy proxy = t.embedded().proxy();
        proxy.clearRules();
        proxy.latency(c == Condition.LATENCY ? LATENCY_MS : 0);
        if (c == Condition.THROTTLED) {
            AtomicLong n = new AtomicLong();
            return proxy.inject(FaultyHttpProxy.Fault.SLOW_DOWN, Integer.MAX_VALUE, r -> n.incrementAndGet() % THROTTLE_EVERY == 0);
        }
        return null;
    }

    private static void clear(Target t) {
        if (t.faults()) {
            t.embedded().proxy().clearRules();
            t.embedded().proxy().latency(0);
        }
    }

    /** Requests and time of one measured stretch. */
    private record Cost(StoreRequests.Counts requests, long http, long slowDowns, long retries, double millis) {
    }

    /** Measures {@code body} on a Floe: its store requests, the HTTP requests and 503s the proxy saw, the time. */
    private static <T> T measured(Target t, Floe floe, FaultyHttpProxy.Rule throttle, Function<Floe, T> body, Cost[] cost) {
        if (t.faults()) {
            t.embedded().proxy().clearRequests();
        }
        StoreRequests.Counts r0 = floe.storeRequests();
        long t0 = System.nanoTime();
        T value = body.apply(floe);
        double ms = Math.round((System.nanoTime() - t0) / 1e5) / 10.0;
        StoreRequests.Counts used = floe.storeRequests().minus(r0);
        if (!t.faults()) {
            cost[0] = new Cost(used, -1, 0, 0, ms);
        } else {
            FaultyHttpProxy proxy = t.embedded().proxy();
            List<FaultyHttpProxy.Request> seen = proxy.requests();
            List<FaultyHttpProxy.Request> faulted = proxy.faulted();
            cost[0] = new Cost(used, seen.size(), faulted.size(), retries(seen, faulted), ms);
        }
        return value;
    }

    /**
     * Requests sent again after a fault: for each refused request, a later one with the same method, object, query,
     * condition and range. The SDK repeats idempotent requests itself and Floe repeats a refused conditional PUT.
     */
    static long retries(List<FaultyHttpProxy.Request> seen, List<FaultyHttpProxy.Request> faulted) {
        java.util.Set<FaultyHttpProxy.Request> refused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        refused.addAll(faulted);
        Map<String, Integer> waiting = new java.util.HashMap<>();
        long retries = 0;
        for (FaultyHttpProxy.Request r : seen) {
            String sig = r.method() + " " + r.path() + "?" + r.query() + " " + r.conditionalPut() + " " + r.header("range");
            Integer n = waiting.get(sig);
            if (n != null && n > 0) {
                retries++;
                waiting.put(sig, n - 1);
            }
            if (refused.contains(r)) {
                waiting.merge(sig, 1, Integer::sum);
            }
        }
        return retries;
    }

    // ------------------------------------------------------------------ 1. the workload

    private record Workload(Condition condition, Cost appends, Cost point, Cost scan, long rows) {
        StoreRequests.Counts all() {
            return sum(sum(appends.requests, point.requests), scan.requests);
        }

        long http() {
            return appends.http + point.http + scan.http;
        }

        long retries() {
            return appends.retries + point.retries + scan.retries;
        }

        long slowDowns() {
            return appends.slowDowns + point.slowDowns + scan.slowDowns;
        }
    }

    private Workload workload(Target t, LabFormat format, String table, int appends, Condition c) {
        try (Floe floe = Floe.open(t.warehouse(), t.options())) {
            LabSql.dropAll(floe, table);
            floe.sql("CREATE TABLE " + table + " (id BIGINT, category STRING, amount DOUBLE) " + format.using());
        }
        FaultyHttpProxy.Rule throttle = inject(t, c);
        try {
            Cost[] w = new Cost[1];
            Cost[] p = new Cost[1];
            Cost[] s = new Cost[1];
            try (Floe writer = Floe.open(t.warehouse(), t.options())) {
                measured(t, writer, throttle, f -> {
                    for (int i = 0; i < appends; i++) {
                        long from = (long) i * ROWS_PER_APPEND;
                        f.sql("INSERT INTO " + table + " SELECT range AS id, 'c' || (range % 5) AS category, (range % 1000) / 10.0 AS amount"
                                + " FROM range(" + from + ", " + (from + ROWS_PER_APPEND) + ")");
                    }
                    return null;
                }, w);
            }
            try (Floe reader = Floe.open(t.warehouse(), t.options())) {
                measured(t, reader, throttle, f -> LabSql.count(f, "SELECT count(*) FROM " + table + " WHERE id = 4242"), p);
            }
            long rows;
            try (Floe reader = Floe.open(t.warehouse(), t.options())) {
                rows = measured(t, reader, throttle, f -> LabSql.count(f, "SELECT count(*) FROM (SELECT * FROM " + table
                        + " WHERE amount >= 0)"), s);
            }
            return new Workload(c, w[0], p[0], s[0], rows);
        } finally {
            clear(t);
        }
    }

    private static StoreRequests.Counts sum(StoreRequests.Counts a, StoreRequests.Counts b) {
        Map<Kind, Long> m = new java.util.EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            long v = a.get(k) + b.get(k);
            if (v != 0) {
                m.put(k, v);
            }
        }
        return new StoreRequests.Counts(m, a.bytesRead() + b.bytesRead(), a.bytesWritten() + b.bytesWritten());
    }

    private static LabResult.Section workloadSection(List<Workload> runs, List<Condition> conditions, int appends, boolean faults) {
        List<LabResult.Metric> m = new ArrayList<>();
        m.add(LabResult.Metric.of("requests", "store requests, whole workload", col(runs, w -> w.all().total())));
        String[][] kinds = {{"GET", "get"}, {"RANGED_GET", "ranged_get"}, {"PUT", "put"}, {"CONDITIONAL_PUT", "conditional_put"},
                {"LIST", "list"}, {"HEAD", "head"}, {"DELETE", "delete"}};
        for (String[] k : kinds) {
            Kind kind = Kind.valueOf(k[0]);
            String label = switch (kind) {
                case GET -> "  GET (whole object)";
                case RANGED_GET -> "  GET of a byte range";
                case PUT -> "  PUT";
                case CONDITIONAL_PUT -> "  PUT If-None-Match: * (commits)";
                case LIST -> "  LIST";
                case HEAD -> "  HEAD";
                case DELETE -> "  DELETE";
            };
            m.add(LabResult.Metric.of("requests_" + k[1], label, col(runs, w -> w.all().get(kind))));
        }
        // the warehouse's catalog reads its own store, which the meter does not see: the server sees those requests too
        m.add(LabResult.Metric.of("http_requests", "HTTP requests the server got (with the catalog's)", col(runs, w -> faults ? w.http() : null)));
        m.add(LabResult.Metric.of("slow_downs", "503 SlowDown answers", col(runs, w -> faults ? w.slowDowns() : null)));
        m.add(LabResult.Metric.of("retries", "requests retried after a 503", col(runs, w -> faults ? w.retries() : null)));
        m.add(LabResult.Metric.of("append_s", "time: " + appends + " appends, s", col(runs, w -> Math.round(w.appends.millis / 100) / 10.0)));
        m.add(LabResult.Metric.of("point_ms", "time: point query (cold reader), ms", col(runs, w -> w.point.millis)));
        m.add(LabResult.Metric.of("scan_ms", "time: full scan (cold reader), ms", col(runs, w -> w.scan.millis)));
        m.add(LabResult.Metric.of("point_requests", "requests: point query", col(runs, w -> w.point.requests.total())));
        m.add(LabResult.Metric.of("scan_requests", "requests: full scan", col(runs, w -> w.scan.requests.total())));
        m.add(LabResult.Metric.of("rows", "rows the full scan read", col(runs, w -> w.rows)));
        return new LabResult.Section("The same workload, " + appends + " appends + a point query + a full scan:",
                conditions.stream().map(c -> c.label).toList(), m);
    }

    private static Object[] col(List<Workload> runs, Function<Workload, Object> f) {
        return runs.stream().map(f).toArray();
    }

    // ------------------------------------------------------------------ 2. tiny objects

    /** A cold reader's full scan of one table state, under each condition. */
    private record ColdScans(long files, long bytes, Map<Condition, Cost> byCondition) {
    }

    private ColdScans coldScans(Target t, String table, List<Condition> conditions) {
        long files;
        long bytes;
        try (Floe floe = Floe.open(t.warehouse(), t.options())) {
            var d = floe.sql("DESCRIBE DETAIL " + table);
            files = LabSql.longValue(d, "numFiles");
            bytes = LabSql.longValue(d, "sizeInBytes");
        }
        Map<Condition, Cost> out = new java.util.EnumMap<>(Condition.class);
        for (Condition c : conditions) {
            FaultyHttpProxy.Rule throttle = inject(t, c);
            try (Floe reader = Floe.open(t.warehouse(), t.options())) {
                Cost[] cost = new Cost[1];
                measured(t, reader, throttle, f -> LabSql.count(f, "SELECT count(*) FROM (SELECT * FROM " + table + " WHERE amount >= 0)"), cost);
                out.put(c, cost[0]);
            } finally {
                clear(t);
            }
        }
        return new ColdScans(files, bytes, out);
    }

    private static LabResult.Section tinySection(ColdScans before, ColdScans after, int appends, LabFormat format, boolean faults) {
        List<LabResult.Metric> m = new ArrayList<>();
        m.add(LabResult.Metric.of("tiny_files", "data files (objects)", before.files, after.files));
        m.add(LabResult.Metric.of("tiny_bytes_per_file", "bytes per object (average)", before.bytes / Math.max(1, before.files),
                after.bytes / Math.max(1, after.files)));
        Cost b = before.byCondition.get(Condition.PLAIN);
        Cost a = after.byCondition.get(Condition.PLAIN);
        m.add(LabResult.Metric.of("tiny_requests", "requests: cold full scan", b.requests.total(), a.requests.total()));
        m.add(LabResult.Metric.of("tiny_gets", "  of them GETs", b.requests.get(Kind.GET) + b.requests.get(Kind.RANGED_GET),
                a.requests.get(Kind.GET) + a.requests.get(Kind.RANGED_GET)));
        m.add(LabResult.Metric.of("tiny_ms", "time: no faults, ms", b.millis, a.millis));
        if (faults) {
            Cost bl = before.byCondition.get(Condition.LATENCY);
            Cost al = after.byCondition.get(Condition.LATENCY);
            Cost bt = before.byCondition.get(Condition.THROTTLED);
            Cost at = after.byCondition.get(Condition.THROTTLED);
            m.add(LabResult.Metric.of("tiny_latency_ms", "time: " + Condition.LATENCY.label + ", ms", bl.millis, al.millis));
            m.add(LabResult.Metric.of("tiny_slow_downs", "503 SlowDown answers under throttling", bt.slowDowns, at.slowDowns));
            m.add(LabResult.Metric.of("tiny_throttled_ms", "time: under throttling, ms", bt.millis, at.millis));
        }
        return new LabResult.Section("The same rows as " + before.files + " tiny objects under one prefix vs. compacted (a cold reader's full scan):",
                List.of(before.files + " tiny files", format == LabFormat.DELTA ? "after OPTIMIZE" : "after rewrite_data_files"), m);
    }

    // ------------------------------------------------------------------ 3. the commit race

    private record RaceOutcome(long acknowledged, long lostRace, long overwritten, long expectedRows, long rows, long distinct) {
        long lost() {
            return expectedRows - distinct;
        }
    }

    private RaceOutcome race(Target t, LabFormat format, String table, int rounds, RacingCommitStore.Mode mode) throws Exception {
        try (Floe floe = Floe.open(t.warehouse(), t.options())) {
            LabSql.dropAll(floe, table);
            floe.sql("CREATE TABLE " + table + " (id BIGINT) " + format.using());
        }
        RacingCommitStore.Race race = new RacingCommitStore.Race();
        List<RacingCommitStore> stores = new ArrayList<>();
        List<InstrumentedWarehouse> writers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long acknowledged = 0;
        try {
            for (int w = 0; w < 2; w++) {
                RacingCommitStore s = new RacingCommitStore(ObjectStores.open(t.warehouse(), t.options()), mode, race);
                stores.add(s);
                writers.add(new InstrumentedWarehouse(s, t.options()));
                writers.get(w).sql("SELECT count(*) FROM " + table); // each writer has read the table, as a running job has
            }
            for (int r = 0; r < rounds; r++) {
                List<Future<Boolean>> done = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    race.arm(stores.get(w));
                    InstrumentedWarehouse writer = writers.get(w);
                    long from = w * LabWorker.ID_SPACE + (long) r * ROWS_PER_APPEND;
                    done.add(pool.submit(() -> {
                        writer.sql("INSERT INTO " + table + " SELECT range AS id FROM range(" + from + ", " + (from + ROWS_PER_APPEND) + ")");
                        return true;
                    }));
                }
                for (Future<Boolean> f : done) {
                    try {
                        if (f.get()) {
                            acknowledged++;
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof LabFailedException lf) {
                            throw lf;
                        }
                        // a commit that failed cleanly: the writer knows its rows are not in the table
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            for (InstrumentedWarehouse w : writers) {
                w.close();
            }
        }
        try (Floe reader = Floe.open(t.warehouse(), t.options())) {
            var row = reader.sql("SELECT count(*), count(DISTINCT id) FROM " + table).rows().get(0);
            return new RaceOutcome(acknowledged, race.lostRace.get(), race.overwritten(), acknowledged * ROWS_PER_APPEND,
                    ((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        }
    }

    private static LabResult.Section raceSection(RaceOutcome unsafe, RaceOutcome safe, int rounds) {
        List<LabResult.Metric> m = List.of(
                LabResult.Metric.of("race_rounds", "rounds (2 writers commit the same next version)", rounds, rounds),
                LabResult.Metric.of("race_acknowledged", "commits acknowledged to the writers", unsafe.acknowledged, safe.acknowledged),
                LabResult.Metric.of("race_lost_race", "commits told they lost (412), then rebased", unsafe.lostRace, safe.lostRace),
                LabResult.Metric.of("race_overwritten", "commits silently overwritten", unsafe.overwritten, safe.overwritten),
                LabResult.Metric.of("race_rows_expected", "rows in acknowledged commits", unsafe.expectedRows, safe.expectedRows),
                LabResult.Metric.of("race_rows_read", "rows a reader sees", unsafe.rows, safe.rows),
                LabResult.Metric.of("race_rows_lost", "rows lost", unsafe.lost(), safe.lost()));
        return new LabResult.Section("Two writers racing for the same commit:",
                List.of("check, then PUT", "PUT If-None-Match: * (Floe)"), m);
    }

    // ------------------------------------------------------------------ the story

    private static List<String> explanation(List<Workload> runs, ColdScans before, ColdScans after, RaceOutcome unsafe, RaceOutcome safe,
                                            LabFormat format, boolean faults) {
        Workload plain = runs.get(0);
        List<String> p = new ArrayList<>();
        p.add("On object storage every metadata read, data file and commit is an HTTP request: " + LabResult.format(plain.all().total())
                + " of them for this small workload (" + describeKinds(plain.all()) + "). Locally they cost microseconds; on S3 each "
                + "is a round trip of 10–30 ms and is billed, so a lakehouse on S3 is judged by how many requests it makes, not by "
                + "how many bytes it moves.");
        if (faults) {
            Workload lat = runs.get(1);
            Workload thr = runs.get(2);
            p.add("With " + LATENCY_MS + " ms added to each request, the same requests took " + fmtS(lat.appends.millis) + " s instead of "
                    + fmtS(plain.appends.millis) + " s for the appends: commits are sequential round trips, so time grows with requests "
                    + "× latency. With every " + THROTTLE_EVERY + "th request refused with 503 SlowDown (what S3 answers when a prefix "
                    + "passes its request rate, about 3,500 writes or 5,500 reads per second per prefix), the client backed off and "
                    + "retried " + LabResult.format(thr.retries()) + " requests; nothing failed and the full scan read "
                    + LabResult.format(thr.rows) + " rows as before, but throttling costs time (" + fmtS(thr.appends.millis)
                    + " s for the appends). A commit refused with 503 was not applied, so Floe repeats it; one whose answer was "
                    + "lost is checked before it is repeated.");
        }
        Cost b = before.byCondition.get(Condition.PLAIN);
        Cost a = after.byCondition.get(Condition.PLAIN);
        p.add("Tiny objects multiply requests: a cold full scan of the " + before.files + " small files made "
                + LabResult.format(b.requests.total()) + " requests, after compaction " + LabResult.format(a.requests.total())
                + ". All of them go to one prefix (the table's), which S3 rate-limits as a unit, so many tiny objects mean more "
                + "latency paid and, under load, more 503s" + (faults ? " (" + before.byCondition.get(Condition.THROTTLED).slowDowns
                + " vs. " + after.byCondition.get(Condition.THROTTLED).slowDowns + " here)" : "") + ". "
                + format.compactCommand("t").replace(";", "") + " rewrites them into files of the target size.");
        p.add("A commit must create the next version's file only if no other writer has: " + (format == LabFormat.DELTA
                ? "_delta_log/N.json" : "metadata/vN.metadata.json") + ". Floe does it with one atomic request, a PUT with "
                + "If-None-Match: * — of two writers, one creates it and the other gets 412 Precondition Failed, re-reads the table "
                + "and commits on the next version (" + safe.lostRace + " times here; rows lost " + safe.lost() + "). Without a "
                + "conditional write a writer can only check that the key is free and then write it, as a rename-based commit on "
                + "S3 does (a rename there is a copy and a delete). Both writers passed the check, both wrote, and the second PUT "
                + "replaced the first: " + unsafe.overwritten + " commits were overwritten after being acknowledged, and "
                + LabResult.format(unsafe.lost()) + " rows are gone without an error. That is why Delta on S3 once needed a "
                + "single writer or an external lock (DynamoDB), and why Iceberg warns against file-system tables on object stores.");
        return p;
    }

    private static String describeKinds(StoreRequests.Counts c) {
        StringBuilder b = new StringBuilder();
        for (Kind k : Kind.values()) {
            long v = c.get(k);
            if (v > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(k.name().replace('_', ' ')).append(' ').append(LabResult.format(v));
            }
        }
        return b.toString();
    }

    private static String fmtS(double millis) {
        return LabResult.format(Math.round(millis / 100) / 10.0);
    }
}
