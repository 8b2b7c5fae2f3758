package io.floe.table;

import java.util.Arrays;

/** Row positions in a data file (0-based, as deletion vectors and position deletes mark them). */
public final class RowPositions {
    private RowPositions() {
    }

    /** The ascending, duplicate-free union of two ascending position lists (each may repeat a value). */
    public static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != v) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
