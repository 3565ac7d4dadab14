package dev.gyre.server.monitoring;

import dev.gyre.core.GyreException;

/**
 * One piece of delayed ground truth: the true label of the prediction answered under a request id.
 *
 * @param requestId the request id the prediction was logged with (for a request of several records, the id with
 *                  {@code #index} appended, e.g. {@code r-17#2}); not blank, at most
 *                  {@value FeedbackStore#MAX_REQUEST_ID_LENGTH} characters
 * @param label     the true label: a {@link String} or a {@link Boolean} or {@link Number} whose string form is
 *                  a class name for a classifier; a finite {@link Number} for a regression model
 */
public record FeedbackItem(String requestId, Object label) {

    /**
     * Checks the shapes a label can have; whether it fits the prediction is checked against the stored prediction.
     *
     * @throws GyreException.InvalidArgument for a blank or too long request id, or a label that is neither a
     *                                       string, a number nor a boolean
     */
    public FeedbackItem {
        if (requestId == null || requestId.isBlank()) {
            throw new GyreException.InvalidArgument("A feedback item needs a request_id: the id the prediction was"
                    + " answered with, e.g. {\"request_id\": \"r-17\", \"label\": \"1\"}.");
        }
        if (requestId.length() > FeedbackStore.MAX_REQUEST_ID_LENGTH) {
            throw new GyreException.InvalidArgument("A request_id has at most " + FeedbackStore.MAX_REQUEST_ID_LENGTH
                    + " characters; '" + requestId.substring(0, 40) + "…' has " + requestId.length() + ".");
        }
        if (!(label instanceof String || label instanceof Number || label instanceof Boolean)) {
            throw new GyreException.InvalidArgument("The label of request id '" + requestId + "' must be a class"
                    + " name (a string, or a number or boolean naming a class) or a number for a regression model, not "
                    + (label == null ? "null" : label.getClass().getSimpleName()) + ".");
        }
    }
}
