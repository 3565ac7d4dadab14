package dev.gyre.data.version;

/**
 * Why a version is read; {@link DataVersionService#openForRead} decides by it. The rules keep the test
 * split an unbiased estimate of performance on unseen data:
 *
 * <table>
 *   <caption>Which reads are granted</caption>
 *   <tr><th>purpose</th><th>test split</th><th>a version a test split was cut from</th>
 *       <th>failed validation</th></tr>
 *   <tr><td>{@link #TRAINING}</td><td>refused</td><td>refused</td><td>refused without an override</td></tr>
 *   <tr><td>{@link #FEATURE_FITTING}</td><td>refused</td><td>refused</td><td>refused without an override</td></tr>
 *   <tr><td>{@link #VALIDATION}</td><td>granted, logged</td><td>granted</td><td>granted</td></tr>
 *   <tr><td>{@link #EXPLORATION}</td><td>refused</td><td>granted</td><td>granted</td></tr>
 * </table>
 *
 * <ul>
 *   <li><b>The test split is sealed</b>: only the validation stage reads it, and every such read is logged
 *       with who and when. Exploring it is refused too, because what an analyst sees of the test rows shapes
 *       modelling choices as surely as training on them.</li>
 *   <li><b>Its sources are not training data either</b>: a version that a test split was made from, directly
 *       or through further steps, contains every test row, so training or fitting features on it is refused;
 *       use the train split made from it. Exploring such a source stays allowed (it was explored before it
 *       was split).</li>
 *   <li><b>Failed validation</b> blocks training and feature fitting until a person records an override with a
 *       reason for the latest validation round; validating and exploring a failed version stay allowed, to
 *       find out what is wrong.</li>
 *   <li>A version that was never validated may be used for everything its split role allows.</li>
 * </ul>
 * Refusals are {@link dev.gyre.core.GyreException.PermissionDenied}: the request is well-formed, but this
 * use of the data is not permitted to anyone. Each refusal is also written to the audit log.
 */
public enum ReadPurpose {
    /** Fitting a model's parameters. */
    TRAINING,
    /** Fitting feature transformations: scalers, encoders, imputers, vocabularies. */
    FEATURE_FITTING,
    /** Evaluating a trained model: the validation stage, the only reader of the test split. */
    VALIDATION,
    /** Looking at the data: notebooks, profiles, charts, queries. */
    EXPLORATION;

    /** The name in the database and on the wire, e.g. {@code feature_fitting}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** Whether this purpose fits something to the data (and so must not see test rows or failed data). */
    public boolean fits() {
        return this == TRAINING || this == FEATURE_FITTING;
    }

    /**
     * Parses a wire name (case-insensitive, {@code -} accepted for {@code _}).
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument listing the accepted names
     */
    public static ReadPurpose parse(String name) {
        return WireNames.parse(values(), ReadPurpose::wireName, name, "read purpose");
    }
}
