package io.floe.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectStore;
import io.floe.table.CorruptTableException;
import io.floe.table.StatementScope;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableNotFoundException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warehouse's table names, kept in the warehouse itself as a tiny log: each change writes the
 * whole name map as {@code _floe_catalog/v%020d.json} with put-if-absent, so concurrent changes (threads
 * or processes) serialize exactly like table commits and a reader sees one consistent map.
 */
public final class Catalog {
    static final String PREFIX = "_floe_catalog/";
    private static final Pattern VERSION = Pattern.compile("v(\\d{20})\\.json");

    /**
     * A named table.
     *
     * @param location the table root: a key prefix inside the warehouse (managed) or an absolute URI (external)
     */
    public record Entry(String name, String location, String format, boolean external, long createdAt) {
    }

    private record State(long version, Map<String, Entry> tables) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Warehouse option: how long a name this process resolved is trusted without asking the store again. */
    public static final String CACHE_TTL_OPTION = "catalog.cache-ttl-ms";
    /** As Iceberg's caching catalog does (30 s there): repeated statements on a table cost no catalog request. */
    public static final long DEFAULT_CACHE_TTL_MILLIS = 10_000;

    private final ObjectStore store;
    private final long ttlNanos;

    public Catalog(ObjectStore warehouse) {
        this(warehouse, 0);
    }

    /** @param cacheTtlMillis how long {@link #resolve} trusts the catalog state last seen (0: it always asks) */
    public Catalog(ObjectStore warehouse, long cacheTtlMillis) {
        this.store = warehouse;
        this.ttlNanos = Math.max(0, cacheTtlMillis) * 1_000_000L;
    }

    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The newest state this instance has seen; catalog versions never change once written, only new ones appear. */
    private volatile State cached;
    /** When {@link #cached} was last known to be the newest (System.nanoTime). */
    private volatile long verifiedAt;

    private static String key(long version) {
        return PREFIX + String.format("v%020d.json", version);
    }

    /**
     * The newest catalog. With a state already known, one HEAD of the next version tells whether it is still newest
     * (on S3 each request costs: a statement naming a table re-reads the catalog); else the versions after the known
     * one are listed and the newest read.
     */
    private State read() {
        return read(false);
    }

    /** @param force ask the store even if this statement asked already (after losing a race to another writer) */
    private State read(boolean force) {
        State known = cached;
        if (known != null && !StatementScope.needsProbe(this) && !force) {
            return known; // asked already in this statement
        }
        long now = System.nanoTime();
        if (known != null && known.version() >= 0 && store.stat(key(known.version() + 1)).isEmpty()) {
            verifiedAt = now;
            return known;
        }
        long latest = known == null ? -1 : known.version();
        String after = latest < 0 ? null : key(latest);
        while (true) {
            var page = store.list(PREFIX, after, 1000);
            for (ObjectInfo o : page.objects()) {
                Matcher m = VERSION.matcher(o.key().substring(PREFIX.length()));
                if (m.matches()) {
                    latest = Math.max(latest, Long.parseLong(m.group(1)));
                }
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                break;
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
        if (latest < 0) {
            return new State(-1, Map.of());
        }
        if (known != null && latest == known.version()) {
            verifiedAt = now;
            return known;
        }
        String key = key(latest);
        try {
            Map<String, Entry> t = JSON.readValue(store.get(key), new TypeReference<TreeMap<String, Entry>>() {
            });
            State s = new State(latest, Map.copyOf(t));
            cached = s;
            verifiedAt = now;
            return s;
        } catch (IOException e) {
            throw new CorruptTableException("warehouse catalog file " + store.uri() + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    private void change(UnaryOperator<Map<String, Entry>> fn) {
        while (true) {
            State s = read();
            Map<String, Entry> next = fn.apply(new TreeMap<>(s.tables()));
            if (next == null) {
                return;
            }
            String key = key(s.version() + 1);
            // settled: a dropped connection must not fail CREATE or DROP TABLE when the change landed or never left. Equal
            // bytes from another writer are the same next state (both dropped one name), so taking them as ours is right
            if (store.putIfAbsentSettled(key, io.floe.table.Operation.json(next).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                cached = new State(s.version() + 1, Map.copyOf(next));
                verifiedAt = System.nanoTime();
                return;
            }
            // lost the race to another catalog change: re-read (really: the statement's state is stale) and re-apply
            read(true);
        }
    }

    /**
     * A name to act on, as {@link #get}, but trusting the state this process last saw for up to the cache TTL: a
     * repeated statement on a table then costs no catalog request. A name not in that state is looked up afresh (a
     * table another process just created is found at once); a table another process dropped or renamed is seen as
     * such within the TTL.
     */
    public Optional<Entry> resolve(String name) {
        State known = cached;
        if (known != null && ttlNanos > 0 && System.nanoTime() - verifiedAt < ttlNanos) {
            Entry e = known.tables().get(normalize(name));
            if (e != null) {
                return Optional.of(e);
            }
        }
        return get(name);
    }

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(read().tables().get(normalize(name)));
    }

    public List<Entry> list() {
        List<Entry> l = new ArrayList<>(read().tables().values());
        l.sort(Comparator.comparing(Entry::name));
        return l;
    }

    /** Adds a name. @throws TableAlreadyExistsException if the name is taken */
    public void register(Entry e) {
        String n = normalize(e.name());
        change(m -> {
            if (m.containsKey(n)) {
                throw new TableAlreadyExistsException("table " + e.name() + " already exists in warehouse " + store.uri());
            }
            m.put(n, new Entry(n, e.location(), e.format(), e.external(), e.createdAt()));
            return m;
        });
    }

    /** Removes a name. @throws TableNotFoundException if there is no such table */
    public Entry unregister(String name) {
        String n = normalize(name);
        Entry[] removed = new Entry[1];
        change(m -> {
            removed[0] = m.remove(n);
            if (removed[0] == null) {
                throw new TableNotFoundException("table " + name + " does not exist in warehouse " + store.uri());
            }
            return m;
        });
        return removed[0];
    }
}
