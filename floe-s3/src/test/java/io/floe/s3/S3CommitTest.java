package io.floe.s3;

import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.FaultInjectingObjectStore.Op;
import io.floe.storage.ObjectStore;
import io.floe.storage.StorageException;
import io.floe.table.DataFile;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commits to S3: several processes at once, and faults on the way (throttling, lost responses, failed PUTs). */
class S3CommitTest {
    private static S3ObjectStore store(String bucket) {
        return new S3ObjectStore("s3://" + bucket + "/", S3Config.from(S3TestServer.options()));
    }

    @Test
    void severalProcessesCommitToOneTable() throws Exception {
        String bucket = S3TestServer.newBucket();
        new DeltaTable("t", new DeltaLog(store(bucket), "t/", null)).create(TableFixtures.SIMPLE, List.of(),
                Map.of("delta.checkpointInterval", "1000000"), null);
        int processes = 3;
        int each = 8;
        List<Process> ps = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), S3AppendWorker.class.getName(), S3TestServer.endpoint(), bucket, "w" + p,
                    String.valueOf(each)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        DeltaSnapshot s = new DeltaLog(store(bucket), "t/", null).update();
        assertThat(s.version()).isEqualTo(processes * each);
        List<String> paths = s.files().stream().map(DataFile::path).toList();
        assertThat(paths).hasSize(processes * each).doesNotHaveDuplicates();
    }

    /** A separate JVM appending {@code n} file entries named {@code <writer>-<i>} to s3://bucket/t/. */
    public static final class S3AppendWorker {
        public static void main(String[] a) {
            Map<String, String> o = new java.util.HashMap<>(S3TestServerOptions.of(a[0]));
            DeltaTable t = new DeltaTable("t", new DeltaLog(new S3ObjectStore("s3://" + a[1] + "/", S3Config.from(o)), "t/", null));
            for (int i = 0; i < Integer.parseInt(a[3]); i++) {
                DataFile f = TableFixtures.file(null, i, i);
                t.newAppend().addFile(new DataFile(a[2] + "-" + i + ".parquet", Map.of(), 1, 1, f.stats())).commit();
            }
        }
    }

    /** Options for a worker process, which cannot share the test JVM's server object. */
    static final class S3TestServerOptions {
        static Map<String, String> of(String endpoint) {
            return Map.of("s3.endpoint", endpoint, "s3.region", "us-east-1", "s3.path-style", "true",
                    "s3.access-key-id", S3TestServer.ACCESS_KEY, "s3.secret-access-key", S3TestServer.SECRET_KEY,
                    "s3.checksum-mode", "WHEN_REQUIRED");
        }
    }

    private static DeltaTable table(ObjectStore s) {
        return new DeltaTable("t", new DeltaLog(s, "t/", null));
    }

    @Test
    void throttledCommitsAreRetriedAndLostResponsesResolved() {
        S3ObjectStore s3 = store(S3TestServer.newBucket());
        table(s3).create(TableFixtures.SIMPLE, List.of(), Map.of(), null);
        FaultInjectingObjectStore faulty = new FaultInjectingObjectStore(s3);
        faulty.throttle(Op.PUT_IF_ABSENT, "_delta_log/", 3);
        assertThat(table(faulty).newAppend().addFile(TableFixtures.file(null, 1, 1)).commit().version()).isEqualTo(1);
        // the commit lands but its response is lost: the writer reads the log and finds its own commit
        faulty.failAfter(Op.PUT_IF_ABSENT, "_delta_log/").times(1);
        assertThat(table(faulty).newAppend().addFile(TableFixtures.file(null, 2, 2)).commit().version()).isEqualTo(2);
        DeltaSnapshot s = table(s3).snapshot();
        assertThat(s.version()).isEqualTo(2);
        assertThat(s.files()).hasSize(2);
    }

    @Test
    void aFailedCommitPutLeavesThePreviousVersion() {
        S3ObjectStore s3 = store(S3TestServer.newBucket());
        table(s3).create(TableFixtures.SIMPLE, List.of(), Map.of(), null);
        FaultInjectingObjectStore faulty = new FaultInjectingObjectStore(s3);
        faulty.failBefore(Op.PUT_IF_ABSENT, "_delta_log/");
        assertThatThrownBy(() -> table(faulty).newAppend().addFile(TableFixtures.file(null, 1, 1)).commit())
                .isInstanceOf(StorageException.class);
        assertThat(table(s3).snapshot().version()).isZero();
        assertThat(table(s3).snapshot().files()).isEmpty();
    }
}
