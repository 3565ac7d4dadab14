/**
 * Dataset profiles: per-column statistics built chunk by chunk with bounded memory, mergeable across chunks,
 * windows and replicas, stored as JSON with their sketches, and compared with {@link
 * dev.gyre.data.profile.ProfileDiff}.
 *
 * <p>Rules common to the package:
 * <ul>
 *   <li>A {@link dev.gyre.data.profile.Profiler} takes chunks of one schema; {@link
 *       dev.gyre.data.profile.DatasetProfile#merge} combines profiles of the same schema.</li>
 *   <li>Missing values are counted and left out of every other statistic; a numeric NaN counts as missing.</li>
 *   <li>Exact: row, missing, zero and true counts; numeric min, max, mean and sample standard deviation (n − 1;
 *       moments of parts combined with Chan et al.'s parallel formula); text lengths; timestamp range; value
 *       counts of a column with at most {@link dev.gyre.data.profile.ProfileOptions#exactValueLimit()} distinct
 *       values.</li>
 *   <li>Approximate: quantiles and histograms (KLL sketch, {@code k = 200} by default), distinct counts past the
 *       exact value limit and of numeric and timestamp columns (HyperLogLog, {@code lgK = 12}), value counts past
 *       the exact value limit (frequent-items sketch).</li>
 *   <li>Histograms have equal-width bins between min and max with counts read off the KLL CDF, so they are
 *       recomputed from the merged sketch rather than added bin by bin.</li>
 * </ul>
 */
package dev.gyre.data.profile;
