package dev.gyre.server.monitoring;

import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DataProfiles;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.monitoring.profile.SketchDrift;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.validation.reference.ReferenceProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles each deployment version's traffic per window and compares windows with the version's reference.
 *
 * <p>It listens to the prediction log (every record the log keeps, on the log's writer thread) and adds each to
 * the open window of its deployment, version and time ({@code window} long, aligned to the epoch). {@link #flush}
 * writes every window that changed to the {@link WindowStore} as this replica's row; a query merges the rows of
 * every replica (and of shipped profiles) for the windows in its range, so a report over an hour merges twelve
 * five-minute windows. Memory per open window is bounded by the sketches, not by the number of requests.
 */
public final class MonitoringService implements Consumer<PredictionRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringService.class);

    /**
     * @param window   the base window length; reports cover whole windows
     * @param minRows  the fewest rows a window needs for drift verdicts (below, the report says there is too
     *                 little traffic)
     */
    public record Settings(Duration window, int minRows) {
        public Settings {
            Objects.requireNonNull(window, "window");
            if (window.toMillis() < 1000 || window.toMillis() > Duration.ofDays(1).toMillis()) {
                throw new GyreException.InvalidArgument("monitoring_window must be between 1s and 1d, got " + window
                        + "; e.g. 5m.");
            }
            if (minRows < 1) {
                throw new GyreException.InvalidArgument("monitoring_min_rows must be at least 1, got " + minRows + ".");
            }
        }

        /** Five-minute windows, 30 rows for a verdict. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 30);
        }
    }

    /** Finds the reference profile of a registered model version (from its validated package), if it has one. */
    public interface ReferenceSource {
        Optional<ReferenceProfile> reference(String model, String version);
    }

    private record Key(String deployment, String version, long windowStart) {
    }

    private record ModelKey(String model, String version) {
    }

    private final WindowStore store;
    private final WindowSink sink;
    private final Settings settings;
    private final Clock clock;
    private final ReferenceSource references;
    private final String source;
    private final ConcurrentHashMap<Key, WindowAccumulator> open = new ConcurrentHashMap<>();
    /** Windows this replica closed, with how often each was re-opened by late records; kept for a day. */
    private final ConcurrentHashMap<Key, Integer> closed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ModelKey, Optional<ReferenceProfile>> referenceCache = new ConcurrentHashMap<>();

    /** The platform's monitoring: windows are saved to and read from {@code store}. */
    public MonitoringService(WindowStore store, Settings settings, Clock clock, ReferenceSource references) {
        this(store, store, "platform-" + UUID.randomUUID(), settings, clock, references);
    }

    /**
     * A replica that only profiles and ships its windows (a standalone server): the queries are not available.
     *
     * @param source the replica's name among the sources of a window
     */
    public static MonitoringService shipping(WindowSink sink, String source, Settings settings, Clock clock,
                                             ReferenceSource references) {
        return new MonitoringService(null, Objects.requireNonNull(sink, "sink"), source, settings, clock, references);
    }

    private MonitoringService(WindowStore store, WindowSink sink, String source, Settings settings, Clock clock,
                              ReferenceSource references) {
        this.store = store;
        this.sink = sink;
        this.source = Objects.requireNonNull(source, "source");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.references = Objects.requireNonNull(references, "references");
    }

    public Settings settings() {
        return settings;
    }

    public WindowStore store() {
        return store;
    }

    /** Adds a logged prediction to its window. Never throws for a valid record. */
    @Override
    public void accept(PredictionRecord record) {
        long windowMs = settings.window().toMillis();
        long start = Math.floorDiv(record.timestampMs(), windowMs) * windowMs;
        Key key = new Key(record.deployment(), record.modelVersion(), start);
        while (true) {
            WindowAccumulator window = open.computeIfAbsent(key, k -> new WindowAccumulator(k.deployment(),
                    record.modelName(), k.version(), k.windowStart(), windowMs, kinds(record.modelName(), record.modelVersion()),
                    sourceFor(k)));
            if (window.add(record)) {
                return;
            }
            // closed by a flush since it was looked up: the flush removes it from the map, the loop opens another
            open.remove(key, window);
        }
    }

    /**
     * The source of a new accumulator: this replica's name, or, for a window it already closed (a late record),
     * a name of its own, so the late records are a row beside the earlier one instead of replacing it.
     */
    private String sourceFor(Key key) {
        Integer reopened = closed.computeIfPresent(key, (k, n) -> n + 1);
        return reopened == null ? source : source + "-late" + reopened;
    }

    private Map<String, ColumnProfile.Kind> kinds(String model, String version) {
        Map<String, ColumnProfile.Kind> kinds = new LinkedHashMap<>();
        reference(model, version).ifPresent(ref -> {
            for (dev.gyre.data.profile.ColumnProfile c : ref.profile().columns()) {
                switch (c.type()) {
                    case NUMERIC -> kinds.put(c.name(), ColumnProfile.Kind.NUMERIC);
                    case CATEGORICAL, TEXT, BOOLEAN -> kinds.put(c.name(), ColumnProfile.Kind.CATEGORICAL);
                    default -> {
                    }
                }
            }
        });
        return kinds;
    }

    /** The reference of a model version, looked up once (also when there is none). */
    public Optional<ReferenceProfile> reference(String model, String version) {
        return referenceCache.computeIfAbsent(new ModelKey(model, version), k -> {
            try {
                return references.reference(k.model(), k.version());
            } catch (RuntimeException e) {
                LOG.warn("Monitoring has no reference for {} version {}: {}", k.model(), k.version(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Writes every window that changed since the last flush as this replica's row, and forgets windows that ended
     * more than one window ago (a late record for one opens it again under a source name of its own, so its row
     * is added beside the earlier one).
     */
    public synchronized void flush() {
        long now = clock.millis();
        long windowMs = settings.window().toMillis();
        closed.keySet().removeIf(k -> k.windowStart() < now - Duration.ofDays(1).toMillis());
        for (Map.Entry<Key, WindowAccumulator> e : open.entrySet()) {
            WindowAccumulator window = e.getValue();
            boolean ended = window.windowStart + 2 * windowMs <= now;
            try {
                if (window.dirty()) {
                    sink.save(window.snapshot());
                }
                if (ended) {
                    closed.putIfAbsent(e.getKey(), 0);
                    // a record added since the save is in the accumulator; after close() none can be
                    if (window.close()) {
                        sink.save(window.snapshot());
                    }
                    open.remove(e.getKey(), window);
                }
            } catch (RuntimeException ex) {
                window.markDirty();
                LOG.warn("Monitoring window of {} version {} was not saved (retried at the next flush): {}",
                        window.deployment, window.version, ex.toString());
            }
        }
    }

    /**
     * The merged windows of a deployment in [from, to).
     *
     * @param version the model version, or {@code null} for all versions together
     */
    public Window window(String deployment, String version, Instant from, Instant to) {
        if (store == null) {
            throw new IllegalStateException("a shipping replica answers no monitoring queries");
        }
        flush();
        List<WindowStore.Row> rows = store.list(deployment, version, from, to);
        DatasetProfile profile = null;
        KllDoublesSketch latency = null;
        long outliers = 0;
        long checked = 0;
        int windows = 0;
        long lastStart = Long.MIN_VALUE;
        for (WindowStore.Row row : rows) {
            DatasetProfile part = DatasetProfile.fromBytes(row.profile());
            profile = profile == null ? part : mergeColumns(profile, part);
            if (row.latency() != null) {
                KllDoublesSketch l = KllDoublesSketch.heapify(Memory.wrap(row.latency()));
                if (latency == null) {
                    latency = KllDoublesSketch.newHeapInstance(WindowAccumulator.LATENCY_K);
                }
                latency.merge(l);
            }
            outliers += row.outliers();
            checked += row.outlierChecked();
            if (row.windowStart() != lastStart) {
                windows++;
                lastStart = row.windowStart();
            }
        }
        Double p99 = latency == null || latency.isEmpty() ? null
                : latency.getQuantile(0.99, QuantileSearchCriteria.INCLUSIVE);
        return new Window(deployment, version, from, to, profile, windows,
                outliers, checked, p99);
    }

    /** Merges two window profiles column by column; a column only one side has is kept as it is. */
    static DatasetProfile mergeColumns(DatasetProfile a, DatasetProfile b) {
        Map<String, ColumnProfile> columns = new LinkedHashMap<>(a.columns());
        b.columns().forEach((name, column) -> columns.merge(name, column, (x, y) -> x.kind() == y.kind() ? x.merge(y) : x));
        Instant start = a.start().isBefore(b.start()) ? a.start() : b.start();
        Instant end = a.end().isAfter(b.end()) ? a.end() : b.end();
        return new DatasetProfile(start, end, a.rows() + b.rows(), columns);
    }

    /**
     * The traffic of a deployment in [from, to), merged over replicas and windows.
     *
     * @param profile        the merged profile of inputs and outputs, or {@code null} when there was no traffic
     * @param windows        how many base windows had traffic
     * @param outliers       records the outlier detector flagged
     * @param outlierChecked records the outlier detector scored
     * @param latencyP99Ms   the 99th percentile of the answering time in milliseconds, or {@code null}
     */
    public record Window(String deployment, String version, Instant from, Instant to, DatasetProfile profile,
                         int windows, long outliers, long outlierChecked, Double latencyP99Ms) {
        /** Records profiled. */
        public long rows() {
            return profile == null ? 0 : profile.rows();
        }

        /** The share of scored records flagged as outliers, or {@code null} when none was scored. */
        public Double outlierRate() {
            return outlierChecked == 0 ? null : (double) outliers / outlierChecked;
        }
    }

    /**
     * Drift of a window against the reference of a version.
     *
     * @param inputs      the input columns' drift (the dataset drift share is over these), or {@code null}
     * @param predictions the output columns' drift (prediction drift), or {@code null}
     * @param reference   the reference profile used, or {@code null}
     * @param note        why there is no verdict, when there is none
     */
    public record Drift(Window window, String version, DatasetProfile reference,
                        DatasetDrift inputs, DatasetDrift predictions, String note) {
        /** The inputs' dataset drift share, or {@code null}. */
        public Double share() {
            return inputs == null ? null : inputs.share();
        }
    }

    /**
     * Compares a deployment's traffic in [from, to) with the reference of {@code version}.
     *
     * @param model   the registered model the deployment serves
     * @param version the version whose traffic and reference are compared
     */
    public Drift drift(String deployment, String model, String version, Instant from, Instant to) {
        Window window = window(deployment, version, from, to);
        Optional<ReferenceProfile> ref = reference(model, version);
        if (ref.isEmpty()) {
            return new Drift(window, version, null, null, null, "Version " + version + " of " + model
                    + " has no reference profile (validate it to get one: gyre validate), so drift cannot be measured.");
        }
        DatasetProfile reference = DataProfiles.dataset(ref.get().profile(), Instant.EPOCH, Instant.EPOCH);
        List<String> inputs = ref.get().inputColumns().stream().filter(reference.columns()::containsKey).toList();
        List<String> outputs = ref.get().outputColumns().stream().filter(reference.columns()::containsKey).toList();
        if (window.rows() == 0) {
            return new Drift(window, version, reference, null, null, "No traffic in this window: there is"
                    + " nothing to compare. Choose a window with traffic (gyre monitor status shows the latest).");
        }
        if (window.rows() < settings.minRows()) {
            return new Drift(window, version, reference, null, null, "Only " + window.rows()
                    + " records in this window; drift needs at least " + settings.minRows()
                    + " (monitoring_min_rows). Choose a longer window.");
        }
        DatasetDrift inputDrift = compare(reference, window.profile(), inputs);
        DatasetDrift outputDrift = compare(reference, window.profile(), outputs);
        return new Drift(window, version, reference, inputDrift, outputDrift, null);
    }

    /** Drift over the named columns; a column the window lacks is reported as not applicable. */
    private static DatasetDrift compare(DatasetProfile reference, DatasetProfile current, List<String> names) {
        Map<String, ColumnProfile> ref = new LinkedHashMap<>();
        Map<String, ColumnProfile> cur = new LinkedHashMap<>();
        Map<String, DriftResult> missing = new LinkedHashMap<>();
        for (String name : names) {
            ColumnProfile r = reference.columns().get(name);
            ColumnProfile c = current.columns().get(name);
            if (c == null || c.count() == 0 || r.count() == 0 || c.kind() != r.kind()) {
                String why = c == null || c.count() == 0 ? "the column has no values in this window (is it sent?)"
                        : r.count() == 0 ? "the reference has no values of the column"
                        : "the column's values are " + c.kind().name().toLowerCase() + " here but "
                        + r.kind().name().toLowerCase() + " in the reference";
                missing.put(name, DriftResult.notApplicable("none", 0, why));
            } else {
                ref.put(name, r);
                cur.put(name, c);
            }
        }
        DatasetDrift drift = ref.isEmpty() ? null : new SketchDrift().evaluate(
                new DatasetProfile(reference.start(), reference.end(), reference.rows(), ref),
                new DatasetProfile(current.start(), current.end(), current.rows(), cur));
        Map<String, DriftResult> all = new LinkedHashMap<>();
        for (String name : names) {
            all.put(name, missing.containsKey(name) ? missing.get(name) : drift.columns().get(name));
        }
        if (drift == null) {
            return new DatasetDrift(all, 0, 0, null, 0.5, false, dev.gyre.monitoring.drift.Correction.NONE,
                    "no column could be compared");
        }
        return new DatasetDrift(all, drift.tested(), drift.drifted(), drift.share(), drift.threshold(),
                drift.datasetDrift(), drift.correction(), drift.note());
    }
}
