/**
 * The data stage as one service over its parts: versions whose bytes are parsed and profiled when they are
 * added, validation runs that mark a version, and the steps that make new versions from old ones (clean,
 * split, label) with their lineage. The HTTP API and the pipelines call this, never the parts directly, so
 * the sealed-split rule and the audit trail apply to every way in.
 */
package dev.gyre.data.service;
