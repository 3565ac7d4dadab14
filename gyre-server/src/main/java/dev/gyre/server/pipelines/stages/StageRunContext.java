package dev.gyre.server.pipelines.stages;

/**
 * Who a pipeline run acts as and in which project: the stage handlers act as {@code actor} in {@code project}, so
 * the stages' own permission checks apply to every step.
 */
public record StageRunContext(String project, dev.gyre.core.auth.User actor) {
}
