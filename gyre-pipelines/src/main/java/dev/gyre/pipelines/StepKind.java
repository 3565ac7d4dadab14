package dev.gyre.pipelines;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The lifecycle stages a pipeline step can run, each named in specs by its {@link #id()}. */
public enum StepKind {
    INGEST("ingest"),
    VALIDATE_DATA("validate-data"),
    CLEAN("clean"),
    SPLIT("split"),
    FEATURES("features"),
    TRAIN("train"),
    VALIDATE_MODEL("validate-model"),
    REGISTER("register"),
    PROMOTE("promote"),
    DEPLOY("deploy"),
    MONITOR("monitor");

    private final String id;

    StepKind(String id) {
        this.id = id;
    }

    /** The name used in specs, e.g. {@code validate-data}. */
    public String id() {
        return id;
    }

    /** The kind named {@code id}, if any. */
    public static Optional<StepKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** Every kind's name, in lifecycle order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(StepKind::id).toList();
    }
}
