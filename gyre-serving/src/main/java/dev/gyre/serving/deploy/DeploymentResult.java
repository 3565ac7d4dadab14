package dev.gyre.serving.deploy;

import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.protocol.InferenceResponse;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one request sent to a deployment.
 *
 * @param deployment  the deployment name
 * @param version     the version that answered (the primary or the canary; never the shadow)
 * @param response    the predictions in the shape every protocol encoder takes
 * @param predictions the model's own predictions, one per record, with their notes
 * @param shadowed    true when a copy of the request was handed to the shadow queue
 * @param model       the model that answered, from the state the request read (a change published since may
 *                    no longer serve it), or {@code null} when the caller did not say
 */
public record DeploymentResult(String deployment, int version, InferenceResponse response,
                               List<Prediction> predictions, boolean shadowed, GyreModel model) {

    /** A result that does not carry the model that answered. */
    public DeploymentResult(String deployment, int version, InferenceResponse response, List<Prediction> predictions,
                            boolean shadowed) {
        this(deployment, version, response, predictions, shadowed, null);
    }

    /** Requires the deployment, response and predictions; copies the predictions. */
    public DeploymentResult {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(response, "response");
        predictions = List.copyOf(predictions);
    }
}
