/**
 * Stage 6 of the lifecycle: a registered model becomes a service or a library. The model package (fitted
 * features, model, signature, metadata, monitoring reference) is written once and read by every runtime; the
 * inference protocols (Open Inference Protocol v2, KServe V1, MLflow scoring) are decoded into one request shape.
 */
package dev.gyre.serving;
