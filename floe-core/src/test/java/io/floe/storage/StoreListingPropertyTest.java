package io.floe.storage;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Key order and paged listings checked against a plain model, on random keys with awkward characters. */
class StoreListingPropertyTest {

    // Characters whose UTF-8 order differs from ASCII intuition or from UTF-16 order.
    private static final List<String> ALPHABET = List.of(
            "a", "b", "Z", "0", "1", "-", ".", "=", "%", " ", "_", "\u00e9", "\uff5e", "\ud83d\ude00");

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.of(ALPHABET).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l))
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    @Provide
    Arbitrary<String> keys() {
        return segments().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    }

    @Provide
    Arbitrary<Set<String>> keySets() {
        // A filesystem cannot hold both "a" and "a/b": drop keys that are another key's directory.
        return keys().set().ofMinSize(0).ofMaxSize(30).map(ks -> {
            Set<String> out = new TreeSet<>(ks);
            out.removeIf(k -> ks.stream().anyMatch(other -> other.startsWith(k + "/")));
            return out;
        });
    }

    private static int utf8Compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void byteOrderIsUtf8ByteOrder(@ForAll("keys") String a, @ForAll("keys") String b) {
        assertThat(Integer.signum(Keys.BYTE_ORDER.compare(a, b))).isEqualTo(Integer.signum(utf8Compare(a, b)));
    }

    @Property(tries = 60)
    void pagedListingsMatchAModel(@ForAll("keySets") Set<String> keys, @ForAll @IntRange(min = 0, max = 40) int cut,
                                  @ForAll @IntRange(min = 1, max = 7) int pageSize, @ForAll boolean local,
                                  @ForAll("keys") String startFrom) throws IOException {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(StoreListingPropertyTest::utf8Compare);
        // Prefixes that cut keys anywhere (mid-name, at a '/') find something; but never split a UTF-16 pair.
        String prefix = sorted.isEmpty() ? "" : sorted.get(cut % sorted.size());
        prefix = prefix.substring(0, Math.min(cut % 7, prefix.length()));
        if (!prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String startAfter = cut % 3 == 0 ? null : startFrom;

        Path dir = local ? Files.createTempDirectory("floe-prop") : null;
        try (ObjectStore store = local ? new LocalObjectStore(dir) : new InMemoryObjectStore()) {
            for (String k : keys) {
                store.put(k, k.getBytes(StandardCharsets.UTF_8));
            }
            String p = prefix;
            List<String> expected = sorted.stream().filter(k -> k.startsWith(p))
                    .filter(k -> startAfter == null || utf8Compare(k, startAfter) > 0).toList();

            List<String> got = new ArrayList<>();
            String after = startAfter;
            while (true) {
                ListPage page = store.list(prefix, after, pageSize);
                assertThat(page.objects().size()).isLessThanOrEqualTo(pageSize);
                page.objects().forEach(o -> got.add(o.key()));
                assertThat(page.truncated()).as("truncated iff more follow").isEqualTo(got.size() < expected.size());
                if (!page.truncated()) {
                    break;
                }
                after = got.get(got.size() - 1);
            }
            assertThat(got).containsExactlyElementsOf(expected);
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
