package dev.gyre.tracking.search.index;

import dev.gyre.tracking.search.EntityType;
import dev.gyre.tracking.search.Identifier;
import dev.gyre.tracking.search.OrderBy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of the SQL run search over candidates from several snapshots. A candidate is a
 * {@code long}: the snapshot's position in the list in the high half, the row in the low half.
 *
 * <p>Each order-by element sorts runs without a value last whatever the direction; for metrics,
 * numbers come first, then NaN, then runs without the metric. Then, unless ordered by them already,
 * {@code start_time DESC} and {@code run_id ASC} break ties, exactly as
 * {@link dev.gyre.tracking.search.SearchSql} writes the statement.
 */
final class RunOrder {

    /** Compares two candidates. */
    @FunctionalInterface
    interface CandidateComparator {
        int compare(long a, long b);
    }

    private RunOrder() {
    }

    static int snapshot(long candidate) {
        return (int) (candidate >>> 32);
    }

    static int row(long candidate) {
        return (int) candidate;
    }

    static long candidate(int snapshot, int row) {
        return ((long) snapshot << 32) | (row & 0xffffffffL);
    }

    /** @throws Unanswerable for a string ordering whose collation the index cannot reproduce */
    static CandidateComparator of(List<ExperimentSnapshot> snapshots, List<OrderBy> orderBy,
                                  StringSemantics semantics) {
        List<CandidateComparator> keys = new ArrayList<>();
        boolean startTime = false;
        boolean runId = false;
        for (OrderBy o : orderBy) {
            Identifier identifier = o.identifier();
            keys.add(key(snapshots, identifier, o.ascending(), semantics));
            startTime |= identifier.type() == EntityType.ATTRIBUTE && identifier.key().equals("start_time");
            runId |= identifier.type() == EntityType.ATTRIBUTE && identifier.key().equals("run_id");
        }
        if (!startTime) {
            keys.add(key(snapshots, new Identifier(EntityType.ATTRIBUTE, "start_time", 0), false, semantics));
        }
        if (!runId) {
            keys.add(key(snapshots, new Identifier(EntityType.ATTRIBUTE, "run_id", 0), true, semantics));
        }
        CandidateComparator[] chain = keys.toArray(new CandidateComparator[0]);
        return (a, b) -> {
            for (CandidateComparator key : chain) {
                int c = key.compare(a, b);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private static CandidateComparator key(List<ExperimentSnapshot> snapshots, Identifier identifier,
                                           boolean ascending, StringSemantics semantics) {
        int n = snapshots.size();
        switch (identifier.type()) {
            case METRIC: {
                ExperimentSnapshot.MetricColumn[] columns = new ExperimentSnapshot.MetricColumn[n];
                for (int i = 0; i < n; i++) {
                    columns[i] = snapshots.get(i).metrics.get(identifier.key());
                }
                return (a, b) -> compareMetric(columns, a, b, ascending);
            }
            case PARAM:
            case TAG: {
                String[][] columns = new String[n][];
                for (int i = 0; i < n; i++) {
                    ExperimentSnapshot s = snapshots.get(i);
                    columns[i] = (identifier.type() == EntityType.PARAM ? s.params : s.tags).get(identifier.key());
                }
                return strings(columns, ascending, freeText(semantics));
            }
            default:
                return attribute(snapshots, identifier.key(), ascending, semantics);
        }
    }

    private static CandidateComparator attribute(List<ExperimentSnapshot> snapshots, String key, boolean ascending,
                                                 StringSemantics semantics) {
        int n = snapshots.size();
        switch (key) {
            case "start_time":
            case "end_time": {
                long[][] values = new long[n][];
                boolean[][] present = new boolean[n][];
                for (int i = 0; i < n; i++) {
                    ExperimentSnapshot s = snapshots.get(i);
                    values[i] = key.equals("start_time") ? s.startTimes : s.endTimes;
                    present[i] = key.equals("start_time") ? null : s.hasEndTime;
                }
                return (a, b) -> {
                    int sa = snapshot(a);
                    int sb = snapshot(b);
                    boolean pa = present[sa] == null || present[sa][row(a)];
                    boolean pb = present[sb] == null || present[sb][row(b)];
                    if (pa != pb) {
                        return pa ? -1 : 1;
                    }
                    if (!pa) {
                        return 0;
                    }
                    int c = Long.compare(values[sa][row(a)], values[sb][row(b)]);
                    return ascending ? c : -c;
                };
            }
            case "lifecycle_stage": {
                boolean[][] deleted = new boolean[n][];
                for (int i = 0; i < n; i++) {
                    deleted[i] = snapshots.get(i).deleted;
                }
                // 'active' < 'deleted' in every collation
                return (a, b) -> {
                    int c = Boolean.compare(deleted[snapshot(a)][row(a)], deleted[snapshot(b)][row(b)]);
                    return ascending ? c : -c;
                };
            }
            default: {
                String[][] columns = new String[n][];
                for (int i = 0; i < n; i++) {
                    ExperimentSnapshot s = snapshots.get(i);
                    columns[i] = switch (key) {
                        case "run_id" -> s.runIds;
                        case "run_name" -> s.runNames;
                        case "status" -> s.statuses;
                        case "user_id" -> s.userIds;
                        case "artifact_uri" -> s.artifactUris;
                        default -> throw new Unanswerable("order by attribute " + key);
                    };
                }
                // run ids (lower-case hex when the collation is unknown, see SnapshotLoader) and statuses
                // (upper-case words) order the same in every collation
                Comparator<String> order = key.equals("run_id") || key.equals("status")
                        ? (semantics.order() != null ? semantics.order() : String::compareTo)
                        : freeText(semantics);
                return strings(columns, ascending, order);
            }
        }
    }

    private static Comparator<String> freeText(StringSemantics semantics) {
        if (semantics.order() == null) {
            throw new Unanswerable("ordering by text under a collation the index cannot reproduce");
        }
        return semantics.order();
    }

    private static CandidateComparator strings(String[][] columns, boolean ascending, Comparator<String> order) {
        return (a, b) -> {
            String[] ca = columns[snapshot(a)];
            String[] cb = columns[snapshot(b)];
            String va = ca == null ? null : ca[row(a)];
            String vb = cb == null ? null : cb[row(b)];
            if (va == null || vb == null) {
                return va == null ? (vb == null ? 0 : 1) : -1;
            }
            int c = order.compare(va, vb);
            return ascending ? c : -c;
        };
    }

    private static int compareMetric(ExperimentSnapshot.MetricColumn[] columns, long a, long b, boolean ascending) {
        ExperimentSnapshot.MetricColumn ca = columns[snapshot(a)];
        ExperimentSnapshot.MetricColumn cb = columns[snapshot(b)];
        int ga = group(ca, row(a));
        int gb = group(cb, row(b));
        if (ga != gb) {
            return Integer.compare(ga, gb);
        }
        if (ga != 0) {
            return 0;
        }
        int c = Double.compare(ca.values[row(a)], cb.values[row(b)]);
        return ascending ? c : -c;
    }

    /** 0 for a number, 1 for NaN, 2 for no value. */
    private static int group(ExperimentSnapshot.MetricColumn column, int row) {
        if (column == null) {
            return 2;
        }
        byte state = column.states[row];
        return state == ExperimentSnapshot.NUMBER ? 0 : state == ExperimentSnapshot.NAN ? 1 : 2;
    }
}
