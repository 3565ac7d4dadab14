/**
 * Stage 5 on the platform: validating a registered model version against its project's charter — the data read
 * for validation (the only reader of the sealed test split), the report, model card and reference stored under
 * {@code validations/}, and the outcome recorded on the version, where it guards the production alias.
 */
package dev.gyre.server.validation;
