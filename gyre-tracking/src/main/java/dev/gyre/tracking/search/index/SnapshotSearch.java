package dev.gyre.tracking.search.index;

import dev.gyre.tracking.search.Comparison;
import dev.gyre.tracking.search.FilterValue;
import dev.gyre.tracking.search.OrderBy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates one run search over snapshots whose read locks the caller holds: filters each snapshot's
 * rows column by column, then selects the requested window of the order with a bounded heap (or a full
 * sort when the window covers most candidates).
 */
final class SnapshotSearch {

    private SnapshotSearch() {
    }

    /**
     * The run ids at positions {@code [offset, offset + count)} of the ordered matches.
     *
     * @param stages lifecycle stages to include ({@code active}, {@code deleted})
     * @throws Unanswerable when the search is outside what the index answers exactly
     */
    static List<String> page(List<ExperimentSnapshot> snapshots, List<String> stages, List<Comparison> filter,
                             List<OrderBy> orderBy, int count, long offset, StringSemantics semantics) {
        RunOrder.CandidateComparator order = RunOrder.of(snapshots, orderBy, semantics);
        List<Comparison> byCost = new ArrayList<>(filter);
        byCost.sort(java.util.Comparator.comparingInt(SnapshotSearch::cost));
        boolean active = stages.contains("active");
        boolean deleted = stages.contains("deleted");
        long[] candidates = new long[16];
        int n = 0;
        for (int s = 0; s < snapshots.size(); s++) {
            ExperimentSnapshot snapshot = snapshots.get(s);
            RowFilter[] tests = new RowFilter[byCost.size()];
            for (int i = 0; i < tests.length; i++) {
                tests[i] = RowFilter.compile(snapshot, byCost.get(i), semantics);
            }
            // the first comparison in the same pass as the lifecycle stage, the others on what is left
            RowFilter first = tests.length == 0 ? row -> true : tests[0];
            int[] rows = new int[16];
            int matched = 0;
            boolean[] stage = snapshot.deleted;
            for (int row = 0; row < snapshot.size; row++) {
                if ((stage[row] ? deleted : active) && first.test(row)) {
                    if (matched == rows.length) {
                        rows = Arrays.copyOf(rows, Math.min(snapshot.size, matched * 2));
                    }
                    rows[matched++] = row;
                }
            }
            for (int t = 1; t < tests.length; t++) {
                RowFilter test = tests[t];
                int kept = 0;
                for (int i = 0; i < matched; i++) {
                    if (test.test(rows[i])) {
                        rows[kept++] = rows[i];
                    }
                }
                matched = kept;
            }
            if (n + matched > candidates.length) {
                candidates = Arrays.copyOf(candidates, Math.max(n + matched, candidates.length * 2));
            }
            for (int i = 0; i < matched; i++) {
                candidates[n++] = RunOrder.candidate(s, rows[i]);
            }
        }
        if (offset >= n) {
            return List.of();
        }
        int wanted = (int) Math.min(n, offset + count);
        long[] top = wanted * 4L >= n ? sortAll(candidates, n, order) : smallest(candidates, n, wanted, order);
        List<String> page = new ArrayList<>(wanted - (int) offset);
        for (int i = (int) offset; i < wanted; i++) {
            page.add(snapshots.get(RunOrder.snapshot(top[i])).runIds[RunOrder.row(top[i])]);
        }
        return page;
    }

    /** Cheap, selective tests first: numbers, then string (in)equality, then patterns. */
    private static int cost(Comparison comparison) {
        if (comparison.value() instanceof FilterValue.Number) {
            return 0;
        }
        return switch (comparison.comparator()) {
            case EQ, NE, IN, NOT_IN -> 1;
            default -> 2;
        };
    }

    private static long[] sortAll(long[] candidates, int n, RunOrder.CandidateComparator order) {
        long[] sorted = Arrays.copyOf(candidates, n);
        mergeSort(sorted, new long[n], 0, n, order);
        return sorted;
    }

    /** The {@code k} smallest candidates in order, through a max-heap of size {@code k}. */
    private static long[] smallest(long[] candidates, int n, int k, RunOrder.CandidateComparator order) {
        long[] heap = new long[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            long c = candidates[i];
            if (size < k) {
                heap[size] = c;
                siftUp(heap, size++, order);
            } else if (order.compare(c, heap[0]) < 0) {
                heap[0] = c;
                siftDown(heap, size, order);
            }
        }
        mergeSort(heap, new long[k], 0, k, order);
        return heap;
    }

    private static void siftUp(long[] heap, int i, RunOrder.CandidateComparator order) {
        long value = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (order.compare(heap[parent], value) >= 0) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
    }

    private static void siftDown(long[] heap, int size, RunOrder.CandidateComparator order) {
        long value = heap[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && order.compare(heap[child + 1], heap[child]) > 0) {
                child++;
            }
            if (order.compare(value, heap[child]) >= 0) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = value;
    }

    private static void mergeSort(long[] a, long[] scratch, int from, int to, RunOrder.CandidateComparator order) {
        if (to - from < 2) {
            return;
        }
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                long value = a[i];
                int j = i - 1;
                while (j >= from && order.compare(a[j], value) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = value;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, scratch, from, mid, order);
        mergeSort(a, scratch, mid, to, order);
        if (order.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && order.compare(scratch[i], scratch[j]) <= 0)) {
                a[k] = scratch[i++];
            } else {
                a[k] = scratch[j++];
            }
        }
    }
}
