package dev.gyre.server.http;

import static dev.gyre.core.auth.Permission.DEPLOY;
import static dev.gyre.core.auth.Permission.MANAGE_USERS;
import static dev.gyre.core.auth.Permission.PUBLIC;
import static dev.gyre.core.auth.Permission.READ;
import static dev.gyre.core.auth.Permission.SELF;
import static dev.gyre.core.auth.Permission.WRITE_ARTIFACTS;
import static dev.gyre.core.auth.Permission.WRITE_DATA;
import static dev.gyre.core.auth.Permission.WRITE_TRACKING;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.HEAD;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.gyre.core.auth.Permission;
import dev.gyre.server.api.ArtifactController;
import dev.gyre.server.api.CommentController;
import dev.gyre.server.api.DataController;
import dev.gyre.server.api.DeploymentController;
import dev.gyre.server.api.FeedbackController;
import dev.gyre.server.api.PredictionLogController;
import dev.gyre.server.api.LabelController;
import dev.gyre.server.api.TrainingController;
import dev.gyre.server.api.ValidationController;
import dev.gyre.server.api.ModelController;
import dev.gyre.server.api.ProjectController;
import dev.gyre.server.api.SystemController;
import dev.gyre.server.api.TokenController;
import dev.gyre.server.api.TrackingController;
import dev.gyre.server.api.UserController;
import dev.gyre.server.mlflow.MlflowArtifactsController;
import dev.gyre.server.mlflow.MlflowRegistryController;
import dev.gyre.server.mlflow.MlflowTrackingController;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the platform and the permission it requires — declared here and nowhere else,
 * so the authorisation matrix can be read (and tested) in one place.
 */
public final class Routes {

    private Routes() {
    }

    /** The route table, in the order the API docs list it. */
    public static List<Route> all(SystemController system, UserController users, TokenController tokens,
                                  ArtifactController artifacts, MlflowTrackingController tracking,
                                  MlflowRegistryController registry, MlflowArtifactsController mlflowArtifacts,
                                  Native natives) {
        List<Route> r = new ArrayList<>();
        // system
        r.add(route(GET, "/healthz", PUBLIC, "Liveness: the process answers", "system", system::health));
        r.add(route(GET, "/readyz", PUBLIC, "Readiness: migrations ran and the stores answer (503 otherwise)", "system", system::ready));
        r.add(route(GET, "/metrics", PUBLIC, "Prometheus metrics: JVM, HTTP server, stores", "system", system::metrics));
        r.add(route(GET, "/api/openapi.json", PUBLIC, "This OpenAPI 3 document", "system", system::openApi));
        r.add(route(GET, "/api/docs", PUBLIC, "Swagger UI for the native API", "system", system::docs));
        r.add(route(GET, "/api/docs/assets/{file}", PUBLIC, "Swagger UI assets", "system", system::docsAsset));

        // users and tokens
        r.add(route(GET, "/api/v1/whoami", SELF, "The authenticated user", "users", users::whoami));
        r.add(route(GET, "/api/v1/users", MANAGE_USERS, "List users", "users", users::list));
        r.add(route(POST, "/api/v1/users", MANAGE_USERS, "Create a user {username, role, password?}", "users", users::create));
        r.add(route(GET, "/api/v1/users/{username}", SELF, "Get a user (yourself, or anyone for admins)", "users", users::get));
        r.add(route(PATCH, "/api/v1/users/{username}", MANAGE_USERS, "Change role, password or disabled flag", "users", users::update));
        r.add(new Route(POST, "/api/v1/tokens", SELF, true,
                "Create an API token {name?, expires_in_days?, username?}; accepts a token or HTTP Basic user:password; the secret is shown once",
                "tokens", List.of(), tokens::create));
        r.add(route(GET, "/api/v1/tokens", SELF, "List your tokens (admins: ?username=)", "tokens", List.of("username"), tokens::list));
        r.add(route(DELETE, "/api/v1/tokens/{id}", SELF, "Revoke a token (yours, or any for admins)", "tokens", tokens::revoke));

        // artifacts
        r.add(route(GET, "/api/v1/artifacts", READ, "List artifacts under a prefix, paged", "artifacts",
                List.of("prefix", "page_token", "max_results"), artifacts::list));
        r.add(route(PUT, "/api/v1/artifacts/content", WRITE_ARTIFACTS, "Upload an artifact (raw body, streamed, atomic)", "artifacts",
                List.of("path"), artifacts::upload));
        r.add(route(GET, "/api/v1/artifacts/content", READ, "Download an artifact (header X-Gyre-Sha256; ?verify=true checks it)", "artifacts",
                List.of("path", "verify"), artifacts::download));
        r.add(route(HEAD, "/api/v1/artifacts/content", READ, "Size and SHA-256 of an artifact", "artifacts",
                List.of("path"), artifacts::head));
        r.add(route(DELETE, "/api/v1/artifacts/content", WRITE_ARTIFACTS, "Delete an artifact (idempotent)", "artifacts",
                List.of("path"), artifacts::delete));
        r.add(route(GET, "/api/v1/artifacts/meta", READ, "Size, SHA-256 and modification time of an artifact as JSON", "artifacts",
                List.of("path"), artifacts::meta));

        governance(r, natives);
        data(r, natives.data(), natives.labels());
        training(r, natives.training());
        validation(r, natives.validation());
        deployments(r, natives.deployments(), natives.predictionLogs());
        feedback(r, natives.feedback());

        // MLflow REST API 2.0, under the prefixes MLflow's clients and UI use
        for (String prefix : MLFLOW_PREFIXES) {
            mlflow(r, prefix, tracking, registry, mlflowArtifacts);
        }
        r.add(route(GET, "/api/2.0/mlflow-artifacts/artifacts", READ, "MLflow artifact proxy: list a folder (?path=)",
                "mlflow-artifacts", List.of("path"), mlflowArtifacts::proxyList));
        r.add(route(GET, "/api/2.0/mlflow-artifacts/artifacts/<path>", READ, "MLflow artifact proxy: download",
                "mlflow-artifacts", mlflowArtifacts::proxyDownload));
        r.add(route(PUT, "/api/2.0/mlflow-artifacts/artifacts/<path>", WRITE_ARTIFACTS, "MLflow artifact proxy: upload",
                "mlflow-artifacts", mlflowArtifacts::proxyUpload));
        r.add(route(DELETE, "/api/2.0/mlflow-artifacts/artifacts/<path>", WRITE_ARTIFACTS,
                "MLflow artifact proxy: delete a file or folder", "mlflow-artifacts", mlflowArtifacts::proxyDelete));
        r.add(route(POST, "/api/2.0/mlflow-artifacts/mpu/create/<path>", WRITE_ARTIFACTS,
                "MLflow artifact proxy: start a multipart upload {path, num_parts}; answers a signed URL per part",
                "mlflow-artifacts", mlflowArtifacts::mpuCreate));
        r.add(route(PUT, "/api/2.0/mlflow-artifacts/mpu/upload/{upload_id}/{part}", PUBLIC,
                "MLflow artifact proxy: upload one part to the signed URL mpu/create answered (the signature is the credential)",
                "mlflow-artifacts", List.of("expires", "signature"), mlflowArtifacts::mpuPart));
        r.add(route(POST, "/api/2.0/mlflow-artifacts/mpu/complete/<path>", WRITE_ARTIFACTS,
                "MLflow artifact proxy: finish a multipart upload {path, upload_id, parts}", "mlflow-artifacts",
                mlflowArtifacts::mpuComplete));
        r.add(route(POST, "/api/2.0/mlflow-artifacts/mpu/abort/<path>", WRITE_ARTIFACTS,
                "MLflow artifact proxy: abandon a multipart upload {path, upload_id}", "mlflow-artifacts",
                mlflowArtifacts::mpuAbort));
        return List.copyOf(r);
    }

    /** The controllers of the native project, registry and tracking API. */
    public record Native(ProjectController projects, CommentController comments, ModelController models,
                         TrackingController tracking, DataController data, LabelController labels,
                         TrainingController training, ValidationController validation,
                         DeploymentController deployments, PredictionLogController predictionLogs,
                         FeedbackController feedback) {
    }

    /**
     * Deployments (stage 6) and their prediction logs: changes need the deploy permission and read access to the
     * model; reads need read.
     */
    private static void deployments(List<Route> r, DeploymentController d, PredictionLogController logs) {
        String one = "/api/v1/deployments/{name}";
        r.add(route(POST, "/api/v1/deployments", DEPLOY, "Deploy a registered model {name, model, alias | version,"
                + " canary?: {version, percent}, shadow?, sticky_header?}: an alias is followed as it moves; every"
                + " version is loaded from its validation's model package first", "deployments", d::create));
        r.add(route(GET, "/api/v1/deployments", READ, "The deployments and their state", "deployments", d::list));
        r.add(route(GET, one, READ, "A deployment: target, primary, canary, shadow, sticky header, previous version,"
                + " state (serving or failed with the reason), loaded versions, shadow queue drops", "deployments",
                d::get));
        r.add(route(POST, one + "/canary", DEPLOY, "Send a share of the traffic to a canary {version, percent}",
                "deployments", d::setCanary));
        r.add(route(DELETE, one + "/canary", DEPLOY, "Remove the canary: the primary answers everything",
                "deployments", d::clearCanary));
        r.add(route(POST, one + "/shadow", DEPLOY, "Mirror every request to a version {version}, or stop"
                + " {version: null}; its answers are only logged", "deployments", d::setShadow));
        r.add(route(POST, one + "/sticky-header", DEPLOY, "Pin callers to one side of the canary split by a request"
                + " header {header}, or draw at random {header: null}", "deployments", d::setStickyHeader));
        r.add(route(POST, one + "/retarget", DEPLOY, "Hot-swap the primary to a version {version}; the old one is"
                + " kept for rollback", "deployments", d::retarget));
        r.add(route(POST, one + "/promote-canary", DEPLOY, "Make the canary the primary; the old primary is kept"
                + " for rollback", "deployments", d::promoteCanary));
        r.add(route(POST, one + "/rollback", DEPLOY, "Back to the previous primary in one call, removing any canary",
                "deployments", d::rollback));
        r.add(route(DELETE, one, DEPLOY, "Delete a deployment: it stops serving at once", "deployments", d::delete));
        r.add(route(PUT, "/api/v1/prediction-logs/{deployment}/{segment}", DEPLOY, "Ship one complete"
                + " prediction-log segment (raw JSON lines, named yyyyMMddHH-NNNNNN.jsonl); every line is checked;"
                + " the same bytes again change nothing, other bytes under a taken name are refused (409)",
                "deployments", logs::put));
        r.add(route(GET, "/api/v1/prediction-logs/{deployment}", READ, "The shipped prediction-log segments of a"
                + " deployment, oldest first", "deployments", logs::list));
    }

    /**
     * Delayed ground truth (docs/feedback.md). Sending true labels is writing data, so it needs write_data (a
     * read-only token is refused) and, for a model in a project, write_data in that project too.
     */
    private static void feedback(List<Route> r, FeedbackController f) {
        r.add(route(POST, "/api/v1/deployments/{name}/feedback", WRITE_DATA, "Send the true labels of earlier"
                + " predictions {request_id, label} or {feedback: [{request_id, label}, ...]} (at most 10 000): joined"
                + " to the logged predictions by request id; answers accepted, duplicates, unmatched and conflicting"
                + " ids; a label of the wrong type refuses the whole call", "deployments", f::submit));
    }

    /** Validation of registered versions (stage 5): the project role of the model decides. */
    private static void validation(List<Route> r, ValidationController v) {
        String version = "/api/v1/models/{name}/versions/{version}";
        r.add(route(POST, version + "/validate", READ, "Validate a version against its project's charter {test?, train?,"
                + " champion_alias?, seed?, bootstrap_resamples?}: holdout metrics, overfitting, fairness, slices,"
                + " champion, gates; the outcome is recorded on the version (write_tracking)", "validation", v::validate));
        r.add(route(GET, version + "/validations", READ, "A version's validations, newest first", "validation", v::list));
        r.add(route(GET, version + "/validation/report", READ, "The latest validation report of a version (JSON)",
                "validation", v::report));
        r.add(route(GET, version + "/card", READ, "The model card of the latest validation (?format=html|md)",
                "validation", List.of("format"), v::card));
        r.add(route(GET, version + "/package", READ, "The model package written by the latest validation (zip: model,"
                + " features, signature, lineage, gates, monitoring reference)", "validation", v::modelPackage));
    }

    /** Training jobs: a spec run on a train split by the server's job pool; the project role decides. */
    private static void training(List<Route> r, TrainingController t) {
        String jobs = "/api/v1/projects/{project}/training-jobs";
        r.add(route(POST, jobs, READ, "Start a training job {spec: YAML, data: NAME@N, git_commit?, register?}: checked"
                + " at once (4xx, nothing started), then 202 with the job, which runs on the server's job pool;"
                + " write_tracking", "training", t::submit));
        r.add(route(GET, jobs, READ, "The project's training jobs the server keeps in memory, newest first", "training",
                t::list));
        r.add(route(GET, jobs + "/{id}", READ, "A training job: status, trials so far, best trial, elapsed and"
                + " estimated time, leaderboard and registered model when done", "training", t::get));
        r.add(route(POST, jobs + "/{id}/cancel", READ, "Cancel a queued or running training job (409 when it ended);"
                + " its search run ends KILLED; write_tracking", "training", t::cancel));
        r.add(route(POST, "/api/v1/projects/{project}/training-runs", READ,
                "Run a training spec {spec: YAML, data: NAME@N, git_commit?, register?} as a job and answer when it"
                        + " ends: the leaderboard; write_tracking", "training", t::run));
    }

    /**
     * Projects, charters, members, audit, comments, models and promotions. Routes inside a project declare
     * READ, the least every project role grants; the handler then checks the caller's role in that project
     * (platform admins may do everything). Routes on models outside projects check the platform role the same
     * way, so one route serves both.
     */
    private static void governance(List<Route> r, Native n) {
        ProjectController p = n.projects();
        r.add(route(POST, "/api/v1/projects", WRITE_TRACKING, "Create a project {name, description?}; you become its admin",
                "projects", p::create));
        r.add(route(GET, "/api/v1/projects", READ, "The projects you may see (all of them for admins)", "projects", p::list));
        r.add(route(GET, "/api/v1/projects/{project}", READ, "A project with its members and latest charter version",
                "projects", p::get));
        r.add(route(PUT, "/api/v1/projects/{project}/charter", READ,
                "Write the charter (body YAML or JSON by Content-Type); project role with write_tracking", "projects",
                p::putCharter));
        r.add(route(GET, "/api/v1/projects/{project}/charter", READ, "The latest charter, or ?version=N", "projects",
                List.of("version"), p::getCharter));
        r.add(route(GET, "/api/v1/projects/{project}/charter/versions", READ, "The charter's versions, oldest first",
                "projects", p::charterVersions));
        r.add(route(GET, "/api/v1/projects/{project}/members", READ, "The project's members and their roles", "projects",
                p::members));
        r.add(route(POST, "/api/v1/projects/{project}/members", READ,
                "Add a member {username, role}; project admins only", "projects", p::addMember));
        r.add(route(PUT, "/api/v1/projects/{project}/members/{username}", READ,
                "Change a member's role {role}; project admins only", "projects", p::updateMember));
        r.add(route(DELETE, "/api/v1/projects/{project}/members/{username}", READ,
                "Remove a member; project admins only", "projects", p::removeMember));
        r.add(route(GET, "/api/v1/projects/{project}/audit", READ, "The project's audit log, oldest first, paged by ?after=",
                "projects", List.of("after", "limit"), p::audit));

        CommentController c = n.comments();
        r.add(route(POST, "/api/v1/comments", READ,
                "Comment on a run or model version {entity_type, entity_id, body, project?}", "comments", c::create));
        r.add(route(GET, "/api/v1/comments", READ, "Comments on one run or model version", "comments",
                List.of("entity_type", "entity_id"), c::list));
        r.add(route(DELETE, "/api/v1/comments/{id}", READ, "Delete a comment (its author or a project admin)", "comments",
                c::delete));

        ModelController m = n.models();
        r.add(route(GET, "/api/v1/models", READ, "Registered models you may see (?filter= in MLflow's grammar)", "models",
                List.of("filter", "max_results", "page_token"), m::list));
        r.add(route(POST, "/api/v1/models", READ, "Create a registered model {name, project?, description?}", "models",
                m::create));
        r.add(route(GET, "/api/v1/models/{name}", READ, "A registered model with its versions and aliases", "models", m::get));
        r.add(route(GET, "/api/v1/models/{name}/versions", READ, "A model's versions, newest first", "models", m::versions));
        r.add(route(POST, "/api/v1/models/{name}/aliases", READ,
                "Point an alias at a version {alias, version}; the production alias needs a promotion", "models", m::setAlias));
        r.add(route(POST, "/api/v1/models/{name}/promotions", READ,
                "Request a promotion {version, alias?, reason}; a second person approves it", "promotions",
                m::requestPromotion));
        r.add(route(GET, "/api/v1/models/{name}/promotions", READ, "A model's promotion requests, newest first",
                "promotions", m::promotions));
        r.add(route(GET, "/api/v1/promotions/{id}", READ, "One promotion request", "promotions", m::getPromotion));
        r.add(route(POST, "/api/v1/promotions/{id}/approve", READ,
                "Approve {reason?}: the alias moves; not by the requester, only by an approving role", "promotions",
                m::approve));
        r.add(route(POST, "/api/v1/promotions/{id}/reject", READ, "Reject {reason}; the alias stays", "promotions",
                m::reject));
        r.add(route(POST, "/api/v1/promotions/{id}/cancel", READ, "Withdraw your own pending request", "promotions",
                m::cancel));

        TrackingController t = n.tracking();
        r.add(route(GET, "/api/v1/experiments", READ, "Experiments you may see", "tracking",
                List.of("filter", "max_results", "page_token", "view_type"), t::experiments));
        r.add(route(GET, "/api/v1/runs", READ, "Search one experiment's runs (MLflow filter and order grammar)", "tracking",
                List.of("experiment_id", "filter", "order_by", "max_results", "page_token", "view_type"), t::runs));
    }

    /**
     * The data stage (docs/data-api.md). Like project routes they declare READ and the data service checks the
     * caller's project role: write_data to change, label to annotate.
     */
    private static void data(List<Route> r, DataController d, LabelController l) {
        String p = "/api/v1/projects/{project}";
        String v = p + "/data/versions/{ref}";
        r.add(route(POST, p + "/data/blobs/missing", READ, "Which blobs the platform lacks {sha256: [...]}", "data", d::missingBlobs));
        r.add(route(PUT, p + "/data/blobs/{sha256}", READ, "Upload a blob (raw body with Content-Length; SHA-256 checked); write_data",
                "data", d::putBlob));
        r.add(route(GET, p + "/datasets", READ, "The project's data sets with their latest versions", "data", d::dataSets));
        r.add(route(POST, p + "/datasets/{name}/versions", READ,
                "Add a version from uploaded blobs; tabular files are parsed and profiled; write_data", "data", d::addVersion));
        r.add(route(GET, p + "/datasets/{name}/versions", READ, "A data set's versions, newest first", "data", d::versions));
        r.add(route(GET, v, READ, "A version (NAME@N or NAME@latest) with its schema and profile summary", "data", d::version));
        r.add(route(GET, v + "/lineage", READ, "The versions a version was made from", "data", d::lineage));
        r.add(route(GET, v + "/content", READ, "A version's bytes for a purpose (the test split is sealed from training)",
                "data", List.of("purpose", "path"), d::content));
        r.add(route(GET, v + "/reads", READ, "The logged reads of a version (each validation read of a test split)", "data",
                d::reads));
        r.add(route(GET, p + "/data/diff", READ, "Schema, row count and statistics changes between two versions", "data",
                List.of("a", "b"), d::diff));
        r.add(route(GET, v + "/suggest", READ, "An expectation suite proposed from the profile (YAML, to review)", "data", d::suggest));
        r.add(route(POST, v + "/validate", READ, "Run an expectation suite (YAML body); marks the version; write_data", "data",
                d::validate));
        r.add(route(GET, v + "/validation", READ, "The last validation report (?format=html for the page)", "data",
                List.of("format"), d::validation));
        r.add(route(POST, v + "/override", READ, "Let training use a failed version {reason}; write_data", "data", d::override));
        r.add(route(POST, v + "/clean", READ, "Clean into a new version {spec: YAML, name?}; write_data", "data", d::clean));
        r.add(route(POST, v + "/split", READ, "Split into NAME-train/-validation/-test versions; write_data", "data", d::split));
        String t = p + "/label-tasks";
        r.add(route(POST, t, READ, "Start a labelling task over rows of a version; write_data", "labels", l::create));
        r.add(route(GET, t, READ, "The project's labelling tasks", "labels", l::list));
        r.add(route(GET, t + "/{id}", READ, "A labelling task with its annotators and agreement", "labels", l::get));
        r.add(route(POST, t + "/{id}/assignees", READ, "Assign a member (sme or admin) {username}; write_data", "labels", l::assign));
        r.add(route(GET, t + "/{id}/items", READ, "Your items, unlabelled first, with the rows' values", "labels",
                List.of("offset", "limit"), l::items));
        r.add(route(PUT, t + "/{id}/items/{row}/label", READ, "Label an item {label}; label permission", "labels", l::label));
        r.add(route(POST, t + "/{id}/items/{row}/review", READ, "Accept or reject an item's labels {accepted, label?, comment?}",
                "labels", l::review));
        r.add(route(POST, t + "/{id}/finish", READ, "Turn the final labels into a new version {name?}; write_data", "labels",
                l::finish));
    }

    /** Where MLflow clients find the API: the current prefix, the UI's, and the one very old clients use. */
    static final List<String> MLFLOW_PREFIXES = List.of("/api/2.0/mlflow", "/ajax-api/2.0/mlflow", "/api/2.0/preview/mlflow");

    private static void mlflow(List<Route> r, String p, MlflowTrackingController t, MlflowRegistryController m,
                               MlflowArtifactsController a) {
        String tag = p.equals("/api/2.0/mlflow") ? "mlflow" : "mlflow (alternate prefix)";
        // experiments
        r.add(route(POST, p + "/experiments/create", WRITE_TRACKING, "MLflow: create an experiment", tag, t::createExperiment));
        r.add(route(GET, p + "/experiments/get", READ, "MLflow: get an experiment", tag, t::getExperiment));
        r.add(route(GET, p + "/experiments/get-by-name", READ, "MLflow: get an experiment by name", tag, t::getExperimentByName));
        r.add(route(POST, p + "/experiments/search", READ, "MLflow: search experiments", tag, t::searchExperiments));
        r.add(route(GET, p + "/experiments/search", READ, "MLflow: search experiments", tag, t::searchExperiments));
        r.add(route(GET, p + "/experiments/list", READ, "MLflow 1.x: list experiments", tag, t::searchExperiments));
        r.add(route(POST, p + "/experiments/update", WRITE_TRACKING, "MLflow: rename an experiment", tag, t::updateExperiment));
        r.add(route(POST, p + "/experiments/delete", WRITE_TRACKING, "MLflow: delete an experiment", tag, t::deleteExperiment));
        r.add(route(POST, p + "/experiments/restore", WRITE_TRACKING, "MLflow: restore an experiment", tag, t::restoreExperiment));
        r.add(route(POST, p + "/experiments/set-experiment-tag", WRITE_TRACKING, "MLflow: set an experiment tag", tag, t::setExperimentTag));
        r.add(route(POST, p + "/experiments/delete-experiment-tag", WRITE_TRACKING, "MLflow: delete an experiment tag", tag,
                t::deleteExperimentTag));
        // runs
        r.add(route(POST, p + "/runs/create", WRITE_TRACKING, "MLflow: create a run", tag, t::createRun));
        r.add(route(GET, p + "/runs/get", READ, "MLflow: get a run", tag, t::getRun));
        r.add(route(POST, p + "/runs/update", WRITE_TRACKING, "MLflow: update a run", tag, t::updateRun));
        r.add(route(POST, p + "/runs/delete", WRITE_TRACKING, "MLflow: delete a run", tag, t::deleteRun));
        r.add(route(POST, p + "/runs/restore", WRITE_TRACKING, "MLflow: restore a run", tag, t::restoreRun));
        r.add(route(POST, p + "/runs/log-metric", WRITE_TRACKING, "MLflow: log a metric", tag, t::logMetric));
        r.add(route(POST, p + "/runs/log-parameter", WRITE_TRACKING, "MLflow: log a parameter", tag, t::logParam));
        r.add(route(POST, p + "/runs/set-tag", WRITE_TRACKING, "MLflow: set a run tag", tag, t::setTag));
        r.add(route(POST, p + "/runs/delete-tag", WRITE_TRACKING, "MLflow: delete a run tag", tag, t::deleteTag));
        r.add(route(POST, p + "/runs/log-batch", WRITE_TRACKING, "MLflow: log metrics, params and tags", tag, t::logBatch));
        r.add(route(POST, p + "/runs/log-inputs", WRITE_TRACKING, "MLflow: log dataset inputs", tag, t::logInputs));
        r.add(route(POST, p + "/runs/search", READ, "MLflow: search runs", tag, t::searchRuns));
        r.add(route(GET, p + "/metrics/get-history", READ, "MLflow: a metric's history, paged", tag, t::metricHistory));
        r.add(route(GET, p + "/artifacts/list", READ, "MLflow: list a run's artifacts", tag, a::listRunArtifacts));
        // registered models
        r.add(route(POST, p + "/registered-models/create", WRITE_TRACKING, "MLflow: create a registered model", tag, m::createModel));
        r.add(route(GET, p + "/registered-models/get", READ, "MLflow: get a registered model", tag, m::getModel));
        r.add(route(POST, p + "/registered-models/rename", WRITE_TRACKING, "MLflow: rename a registered model", tag, m::renameModel));
        r.add(route(PATCH, p + "/registered-models/update", WRITE_TRACKING, "MLflow: update a registered model", tag, m::updateModel));
        r.add(route(DELETE, p + "/registered-models/delete", WRITE_TRACKING, "MLflow: delete a registered model", tag, m::deleteModel));
        r.add(route(GET, p + "/registered-models/search", READ, "MLflow: search registered models", tag, m::searchModels));
        r.add(route(GET, p + "/registered-models/list", READ, "MLflow 1.x: list registered models", tag, m::searchModels));
        r.add(route(POST, p + "/registered-models/set-tag", WRITE_TRACKING, "MLflow: set a registered model tag", tag, m::setModelTag));
        r.add(route(DELETE, p + "/registered-models/delete-tag", WRITE_TRACKING, "MLflow: delete a registered model tag", tag,
                m::deleteModelTag));
        r.add(route(POST, p + "/registered-models/alias", WRITE_TRACKING,
                "MLflow: set an alias (the production alias needs an approved promotion)", tag, m::setAlias));
        r.add(route(DELETE, p + "/registered-models/alias", WRITE_TRACKING, "MLflow: delete an alias", tag, m::deleteAlias));
        r.add(route(GET, p + "/registered-models/alias", READ, "MLflow: get a model version by alias", tag, m::getByAlias));
        r.add(route(POST, p + "/registered-models/get-latest-versions", READ, "MLflow: latest version per stage", tag,
                m::latestVersions));
        r.add(route(GET, p + "/registered-models/get-latest-versions", READ, "MLflow: latest version per stage", tag,
                m::latestVersions));
        // model versions
        r.add(route(POST, p + "/model-versions/create", WRITE_TRACKING, "MLflow: create a model version", tag, m::createVersion));
        r.add(route(GET, p + "/model-versions/get", READ, "MLflow: get a model version", tag, m::getVersion));
        r.add(route(PATCH, p + "/model-versions/update", WRITE_TRACKING, "MLflow: update a model version", tag, m::updateVersion));
        r.add(route(DELETE, p + "/model-versions/delete", WRITE_TRACKING, "MLflow: delete a model version", tag, m::deleteVersion));
        r.add(route(GET, p + "/model-versions/search", READ, "MLflow: search model versions", tag, m::searchVersions));
        r.add(route(GET, p + "/model-versions/get-download-uri", READ, "MLflow: where a version's files are", tag, m::downloadUri));
        r.add(route(POST, p + "/model-versions/set-tag", WRITE_TRACKING, "MLflow: set a model version tag", tag, m::setVersionTag));
        r.add(route(DELETE, p + "/model-versions/delete-tag", WRITE_TRACKING, "MLflow: delete a model version tag", tag,
                m::deleteVersionTag));
        r.add(route(POST, p + "/model-versions/transition-stage", WRITE_TRACKING, "MLflow: move a version to a stage (deprecated)",
                tag, m::transitionStage));
    }

    private static Route route(HandlerType method, String path, Permission permission, String summary, String tag, ApiHandler handler) {
        return new Route(method, path, permission, false, summary, tag, List.of(), handler);
    }

    private static Route route(HandlerType method, String path, Permission permission, String summary, String tag,
                               List<String> params, ApiHandler handler) {
        return new Route(method, path, permission, false, summary, tag, params, handler);
    }
}
