/**
 * The prediction log: every served prediction (request id, time, model version, inputs, outputs, latency) kept
 * durably for the monitoring stage, which reads it per deployment and time window and joins delayed ground-truth
 * feedback by request id.
 *
 * <p>The request path calls {@link dev.gyre.serving.log.PredictionLog#offer}, which never blocks: a bounded queue,
 * deterministic sampling by request id ({@link dev.gyre.serving.log.RequestSampler}), counted drops. One writer
 * thread appends JSON lines to hourly, size-rolled segment files per deployment;
 * {@link dev.gyre.serving.log.PredictionLogReader} streams them back between two times, and
 * {@link dev.gyre.serving.log.SegmentShipper} moves complete segments to a
 * {@link dev.gyre.serving.log.SegmentSink} such as the artifact store.
 *
 * <p>The file format is described in the module's README, section "Prediction log".
 */
package dev.gyre.serving.log;
