package dev.gyre.serving.deploy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small classifiers trained on a generated table, packaged as versions of the model "scores". */
final class TestModels {
    static final String MODEL = "scores";
    /** Reads x and y; z is dropped, so requests need not send it. */
    static final String SPEC = """
            target: label
            columns:
              x: [{impute: median}]
              y: [{impute: median}]
            drop: [z]
            """;
    /** Reads z without imputing it, so a request without z is refused. */
    static final String NEEDS_Z = """
            target: label
            columns:
              x: [{impute: median}]
              z: [standardize]
            """;
    private static Table table;

    private TestModels() {
    }

    /** 300 generated rows: x, y, z in [0, 1), label "yes" when x + y > 1. */
    static synchronized Table table() {
        if (table == null) {
            Random random = new Random(7);
            TableBuilder builder = new TableBuilder(new Schema(List.of(new Field("x", ColumnType.NUMERIC),
                    new Field("y", ColumnType.NUMERIC), new Field("z", ColumnType.NUMERIC),
                    new Field("label", ColumnType.CATEGORICAL))));
            for (int i = 0; i < 300; i++) {
                double x = random.nextDouble();
                double y = random.nextDouble();
                builder.addRow(x, y, random.nextDouble(), x + y > 1 ? "yes" : "no");
            }
            table = builder.build();
        }
        return table;
    }

    /** A logistic regression version of {@link #MODEL} fitted with {@code spec}. */
    static GyreModel train(int version, String spec) {
        Table t = table();
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(t), new FeatureSpecParser().parse(spec));
        String[] labels = new String[t.rowCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (String) t.column("label").get(i);
        }
        TrainingSet set = TrainingSet.classification(features.toMatrix(t), features.featureNames(), labels);
        TrainedModel model = Algorithms.fit("logistic_regression", set, Map.of(), 42 + version);
        PackageMetadata metadata = PackageMetadata.builder(MODEL, Integer.toString(version))
                .createdAt(Instant.parse("2024-01-02T03:04:05Z")).build(model, features);
        return GyreModel.of(ModelPackage.of(features, model, metadata, null));
    }

    /** A request of {@code n} records with x and y only. */
    static InferenceRequest request(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> record = new HashMap<>();
            record.put("x", random.nextDouble());
            record.put("y", random.nextDouble());
            records.add(record);
        }
        return InferenceRequest.of(records);
    }

    /** A loader over fixed models that counts loads and fails for the versions in {@link #failing}. */
    static final class Loader implements ModelLoader {
        final Map<Integer, GyreModel> models;
        final Set<Integer> failing = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> aliases = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();

        Loader(Map<Integer, GyreModel> models) {
            this.models = Map.copyOf(models);
        }

        @Override
        public GyreModel load(String model, int version) {
            loads.incrementAndGet();
            if (failing.contains(version)) {
                throw new IllegalStateException("package of version " + version + " is unreadable");
            }
            GyreModel m = models.get(version);
            if (!MODEL.equals(model) || m == null) {
                throw new GyreException.NotFound("no version " + version + " of " + model);
            }
            return m;
        }

        @Override
        public int resolveAlias(String model, String alias) {
            Integer version = aliases.get(alias);
            if (version == null) {
                throw new GyreException.NotFound("alias " + alias + " is not set");
            }
            return version;
        }
    }
}
