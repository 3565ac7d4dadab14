/**
 * The inference wire formats as a pure library: decoders turn a request body of the Open Inference Protocol v2
 * ({@link dev.gyre.serving.protocol.OipV2Codec}), KServe V1 ({@link dev.gyre.serving.protocol.KServeV1Codec}),
 * MLflow scoring ({@link dev.gyre.serving.protocol.MlflowScoringCodec}) or Gyre's own predict API
 * ({@link dev.gyre.serving.protocol.NativeCodec}) into one {@link dev.gyre.serving.protocol.InferenceRequest} of
 * tabular records, and encoders write one {@link dev.gyre.serving.protocol.InferenceResponse} in each protocol's
 * shape.
 *
 * <p>Contracts shared by every decoder:
 * <ul>
 *   <li>Any byte input either decodes or raises {@link dev.gyre.core.GyreException.InvalidArgument} whose message
 *       says what was wrong (with its JSON path, CSV line or limit) and how to fix it; nothing else is thrown.
 *   <li>Bodies are strict UTF-8 (a leading byte-order mark is skipped). JSON must be one value with no trailing
 *       content and no repeated keys. {@code NaN} and {@code Infinity} are refused in every protocol (they are not
 *       JSON); {@code null} marks a missing value. Numbers beyond the range of a 64-bit float are refused.
 *   <li>Record values are String, Long (JSON integers), Double (other numbers), Boolean or null; nested arrays or
 *       objects as values are refused.
 *   <li>A request holds at least one record. {@link dev.gyre.serving.protocol.CodecLimits} bounds body bytes,
 *       records, columns, JSON depth and string length; the message names the limit that was exceeded.
 *   <li>Decoders check the wire format only; matching the records against the model's signature is left to the
 *       caller. The model's column order is needed only for positional rows.
 * </ul>
 * Encoders write non-finite numbers as {@code null}. All codecs are immutable and thread-safe.
 */
package dev.gyre.serving.protocol;
