package dev.gyre.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Training jobs of a project: a training spec (YAML, see {@code examples/titanic/train.yaml}) searched over a
 * train split on the platform, asynchronously. Obtained with {@link GyreClient#training()}; immutable and
 * thread-safe.
 *
 * <pre>{@code
 * TrainingJob job = gyre.training().submit("titanic", Files.readString(Path.of("train.yaml")),
 *         "passengers-train@1", "titanic", null);
 * TrainingJob done = gyre.training().await("titanic", job.jobId(), Duration.ofSeconds(1),
 *         j -> System.out.println(j.trialsFinished() + "/" + j.maxTrials()));
 * System.out.println(done.status() + " " + done.registeredModel());
 * }</pre>
 *
 * <p>Bad input (an invalid spec, an unknown or sealed data version, an unknown project) is refused when the
 * job is submitted, with the platform's message; failures while training end the job {@code failed} with
 * {@link TrainingJob#error()} set.
 */
public final class TrainingClient {

    private final Transport transport;

    TrainingClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Submits a training job; answers at once with the job {@code queued} (or already running).
     *
     * @param specYaml  the training spec, as YAML text
     * @param dataRef   the data version to train on, {@code NAME@N} (a train split, or any unsplit version)
     * @param register  a registered-model name to register the best trial's model under, or {@code null}
     * @param gitCommit the commit of the code and spec, recorded on the runs; {@code null} if unknown
     */
    public TrainingJob submit(String project, String specYaml, String dataRef, String register, String gitCommit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spec", Objects.requireNonNull(specYaml, "specYaml"));
        body.put("data", Objects.requireNonNull(dataRef, "dataRef"));
        if (gitCommit != null) {
            body.put("git_commit", gitCommit);
        }
        if (register != null) {
            body.put("register", register);
        }
        return transport.sendJson(transport.withJson(request(project, ""), "POST", body), true, TrainingJob.class);
    }

    /** The job as it is now. */
    public TrainingJob get(String project, String jobId) {
        return transport.sendJson(request(project, "/" + Transport.segment(Objects.requireNonNull(jobId, "jobId"))).GET(),
                true, TrainingJob.class);
    }

    /** The project's training jobs, as the platform lists them (newest first). */
    public List<TrainingJob> list(String project) {
        JsonNode answer = transport.sendJson(request(project, "").GET(), true, JsonNode.class);
        return transport.convertList(answer.path("jobs"), new TypeReference<List<TrainingJob>>() { });
    }

    /**
     * Asks the platform to stop the job: trials running are stopped, the job ends {@code cancelled}.
     *
     * @throws GyreClientException with status 409 when the job has already finished
     */
    public TrainingJob cancel(String project, String jobId) {
        return transport.sendJson(transport.withJson(request(project, "/" + Transport.segment(
                Objects.requireNonNull(jobId, "jobId")) + "/cancel"), "POST", Map.of()), true, TrainingJob.class);
    }

    /**
     * Polls the job every {@code pollInterval} until it has finished, handing every view seen to {@code onUpdate}
     * (the final one included), and returns the final view.
     *
     * @throws GyreClientException if the platform cannot be asked, or the calling thread is interrupted (its
     *                             interrupt flag is set again)
     */
    public TrainingJob await(String project, String jobId, Duration pollInterval, Consumer<TrainingJob> onUpdate) {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Consumer<TrainingJob> listener = onUpdate == null ? j -> { } : onUpdate;
        long sleepMillis = Math.max(10, pollInterval.toMillis());
        while (true) {
            TrainingJob job = get(project, jobId);
            listener.accept(job);
            if (job.isFinished()) {
                return job;
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GyreClientException("Interrupted while waiting for training job " + jobId + " (it goes on"
                        + " running on the platform).", e);
            }
        }
    }

    private HttpRequest.Builder request(String project, String relative) {
        return transport.request("api/v1/projects/" + Transport.segment(Objects.requireNonNull(project, "project"))
                + "/training-jobs" + relative);
    }
}
