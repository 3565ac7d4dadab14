/**
 * Deployments: named, hot-swappable model services with canary, shadow and sticky A/B traffic.
 *
 * <p>A {@link dev.gyre.serving.deploy.Deployment} is an immutable state: the target it follows (a model and an
 * alias or version), the primary version, an optional canary with its percentage, an optional shadow and an
 * optional sticky key. {@link dev.gyre.serving.deploy.Deployments} holds them, loads models through a
 * {@link dev.gyre.serving.deploy.ModelLoader}, swaps states atomically so no request fails during a change, and
 * predicts: the {@link dev.gyre.serving.deploy.TrafficPolicy} picks the answering version, and shadow copies run on
 * a bounded queue whose outcomes go to a {@link dev.gyre.serving.deploy.ShadowSink}. No HTTP here: the server maps
 * routes onto this API. The module's README describes it in the section "Deployments".
 */
package dev.gyre.serving.deploy;
