package dev.gyre.serving.deploy;

import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.serving.protocol.InferenceResponse;

/**
 * Receives the outcome of each shadow call. Called on a shadow worker thread, never on the caller's; an
 * exception it throws is swallowed and counted ({@link Deployments#shadowSinkFailures()}).
 */
@FunctionalInterface
public interface ShadowSink {

    /** A sink that drops every outcome. */
    ShadowSink DISCARD = outcome -> { };

    /** Takes one shadow outcome. */
    void accept(Outcome outcome);

    /**
     * One mirrored request and what the shadow made of it: either {@code response} or {@code error} is set.
     *
     * @param deployment      the deployment name
     * @param servedVersion   the version whose answer the caller got
     * @param served          the answer the caller got
     * @param shadowVersion   the shadow version
     * @param request         the request as the caller sent it
     * @param response        the shadow's answer, or {@code null} when it failed
     * @param error           why the shadow failed, or {@code null}
     */
    record Outcome(String deployment, int servedVersion, InferenceResponse served, int shadowVersion,
                   InferenceRequest request, InferenceResponse response, Throwable error) {

        /** True when the shadow answered. */
        public boolean succeeded() {
            return error == null;
        }
    }
}
