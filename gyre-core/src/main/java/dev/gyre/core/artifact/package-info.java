/**
 * Artifacts: confined paths, the store interface every backend implements, and the values it
 * answers with. The backends themselves live in {@code gyre-store}.
 */
package dev.gyre.core.artifact;
