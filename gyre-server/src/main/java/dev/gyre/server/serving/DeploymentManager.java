package dev.gyre.server.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.User;
import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.deploy.Deployments;
import dev.gyre.serving.deploy.ModelLoader;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.registry.RegistryService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's deployments: the serving engine's {@link Deployments} kept in step with the metadata store.
 * Every change is applied to the engine first (which loads every model it needs, or changes nothing), then
 * written with its audit record in one transaction; a failed write undoes the engine change. At start the stored
 * deployments are restored; one whose models fail to load is kept as <em>failed</em> with the reason and retried
 * by the periodic check. Deployments that follow an alias move with it: at once when this platform moves the
 * alias, and by the periodic check when another replica did.
 */
public final class DeploymentManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentManager.class);
    /** Deployment names: letters, digits, {@code .}, {@code _}, {@code -}, not starting with {@code .}; at most 128. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    /** Who the audit log names for changes the platform makes itself (following an alias). */
    public static final String PLATFORM_ACTOR = "platform";

    /**
     * A deployment as the API shows it.
     *
     * @param row     what the store holds
     * @param live    what the engine serves, or {@code null} when it failed to load
     * @param failure why it is not served, or {@code null}
     */
    public record Status(DeploymentStore.Row row, Deployment live, String failure) {
        /** The state served, else the stored one. */
        public Deployment state() {
            return live != null ? live : row.state();
        }
    }

    private final ServingEngine engine;
    private final DeploymentStore store;
    private final ModelLoader loader;
    private final JdbcAuditLog audit;
    private final RegistryService registry;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    /** Per deployment following an alias: the version the alias named when last followed. */
    private final Map<String, Integer> aliasVersions = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private ScheduledExecutorService scheduler;

    public DeploymentManager(ServingEngine engine, DeploymentStore store, ModelLoader loader, JdbcAuditLog audit,
                             RegistryService registry, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The engine the deployments are served by. */
    public ServingEngine engine() {
        return engine;
    }

    private Deployments deployments() {
        return engine.deployments();
    }

    /** Loads every stored deployment into the engine; one that fails is marked failed, never thrown. */
    public void restore() {
        synchronized (lock) {
            for (DeploymentStore.Row row : store.list()) {
                restoreOne(row);
            }
        }
    }

    private void restoreOne(DeploymentStore.Row row) {
        String name = row.state().name();
        try {
            deployments().restore(row.state(), loader);
            if (row.aliasVersion() != null) {
                aliasVersions.put(name, row.aliasVersion());
            } else {
                aliasVersions.remove(name);
            }
            if (failures.remove(name) != null) {
                LOG.info("Deployment '{}' is serving again", name);
            }
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!reason.equals(failures.put(name, reason))) {
                LOG.warn("Deployment '{}' could not be loaded and is not served: {}", name, reason);
            }
        }
    }

    /** Follows aliases and retries failed deployments every {@code interval} until closed. */
    public void startPeriodicCheck(Duration interval) {
        synchronized (lock) {
            if (scheduler != null) {
                return;
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gyre-deployments");
                t.setDaemon(true);
                return t;
            });
            long ms = interval.toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.warn("The periodic deployment check failed: {}", e.toString());
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One periodic check: deployments another replica created or removed are loaded or dropped, failed ones are
     * retried, and every alias a deployment follows is resolved again.
     */
    public void check() {
        synchronized (lock) {
            List<DeploymentStore.Row> rows = store.list();
            Set<String> stored = new HashSet<>();
            for (DeploymentStore.Row row : rows) {
                String name = row.state().name();
                stored.add(name);
                if (!served(name)) {
                    restoreOne(row);
                }
            }
            failures.keySet().retainAll(stored);
            for (Deployment d : deployments().list()) {
                if (!stored.contains(d.name())) {
                    deployments().remove(d.name());
                    aliasVersions.remove(d.name());
                } else if (d.target().followsAlias()) {
                    follow(d);
                }
            }
        }
    }

    /** Hot-swaps every deployment that follows {@code model@alias} to where the alias points now. */
    public void aliasChanged(String model, String alias) {
        synchronized (lock) {
            for (Deployment d : deployments().list()) {
                if (d.target().followsAlias() && d.target().model().equals(model) && d.target().alias().equals(alias)) {
                    follow(d);
                }
            }
        }
    }

    /**
     * Moves a deployment to where its alias points now, when the alias moved since the deployment last followed
     * it; a rollback or retarget in between stays until the alias moves again.
     */
    private void follow(Deployment before) {
        String name = before.name();
        int resolved;
        try {
            resolved = loader.resolveAlias(before.target().model(), before.target().alias());
        } catch (RuntimeException e) {
            // the alias was removed: keep serving what is loaded
            LOG.warn("Deployment '{}' keeps serving version {}: {} cannot be resolved: {}", name,
                    before.primaryVersion(), before.target(), e.getMessage());
            return;
        }
        Integer known = aliasVersions.get(name);
        if (known != null && known == resolved) {
            return;
        }
        Deployment after;
        try {
            after = deployments().retarget(name, resolved);
        } catch (RuntimeException e) {
            LOG.warn("Deployment '{}' keeps serving version {}: version {} that {} names now cannot be loaded: {}",
                    name, before.primaryVersion(), resolved, before.target(), e.getMessage());
            return;
        }
        aliasVersions.put(name, resolved);
        Optional<DeploymentStore.Row> row = store.find(name);
        if (row.isPresent() && row.get().state().equals(after) && Integer.valueOf(resolved).equals(row.get().aliasVersion())) {
            return;
        }
        LOG.info("Deployment '{}' follows {} from version {} to {}", name, before.target(), before.primaryVersion(),
                after.primaryVersion());
        write(name, null, "deployment.follow_alias", before, after, h -> store.update(h, after, resolved,
                PLATFORM_ACTOR, clock.instant()));
    }

    private boolean served(String name) {
        try {
            deployments().get(name);
            return true;
        } catch (GyreException.NotFound e) {
            return false;
        }
    }

    /** Every deployment, by name. */
    public List<Status> list() {
        List<Status> out = new ArrayList<>();
        for (DeploymentStore.Row row : store.list()) {
            out.add(status(row));
        }
        return out;
    }

    /**
     * One deployment.
     *
     * @throws GyreException.NotFound when there is none
     */
    public Status get(String name) {
        return status(store.find(name).orElseThrow(() -> notFound(name)));
    }

    private Status status(DeploymentStore.Row row) {
        String name = row.state().name();
        Deployment live = served(name) ? deployments().get(name) : null;
        return new Status(row, live, live == null ? failures.getOrDefault(name, "not loaded yet") : null);
    }

    /**
     * Creates a deployment: the alias is resolved, every version it names is loaded, then it is stored and
     * audited; nothing is left behind when a step fails.
     *
     * @throws GyreException.InvalidArgument for a bad name
     * @throws GyreException.AlreadyExists   when the name is taken
     */
    public Status create(String name, DeploymentTarget target, Deployment.Canary canary, Integer shadow,
                         String stickyKey, User actor) {
        checkName(name);
        synchronized (lock) {
            if (store.find(name).isPresent() || served(name)) {
                throw new GyreException.AlreadyExists("Deployment '" + name + "' already exists. Change it (canary,"
                        + " shadow, retarget) or delete it first: DELETE /api/v1/deployments/" + name + ".");
            }
            int version = target.followsAlias() ? loader.resolveAlias(target.model(), target.alias()) : target.version();
            Deployment state = Deployment.of(name, target, version).withCanary(canary).withShadow(shadow)
                    .withStickyKey(stickyKey);
            deployments().restore(state, loader);
            Integer aliasVersion = target.followsAlias() ? version : null;
            try {
                write(name, actor, "deployment.create", null, state, h -> store.insert(h, state, aliasVersion,
                        actor.username(), clock.instant()));
            } catch (RuntimeException e) {
                deployments().remove(name);
                throw e;
            }
            failures.remove(name);
            if (aliasVersion != null) {
                aliasVersions.put(name, aliasVersion);
            }
            return get(name);
        }
    }

    /**
     * Changes a served deployment through {@code change} (a call on the engine's deployments), then stores and
     * audits the new state; a failed write undoes the change.
     *
     * @param action the audit action, e.g. {@code deployment.set_canary}
     * @throws GyreException.NotFound when there is no such deployment
     * @throws GyreException.Conflict when it is not served (it failed to load)
     */
    public Status change(String name, String action, User actor, Function<Deployments, Deployment> change) {
        synchronized (lock) {
            store.find(name).orElseThrow(() -> notFound(name));
            if (!served(name)) {
                throw new GyreException.Conflict("Deployment '" + name + "' is not being served: "
                        + failures.getOrDefault(name, "it is not loaded yet") + " The platform retries it every few"
                        + " seconds; fix the cause, or delete the deployment and create it again.");
            }
            Deployment before = deployments().get(name);
            Deployment after = change.apply(deployments());
            if (!after.equals(before)) {
                try {
                    write(name, actor, action, before, after, h -> store.update(h, after, aliasVersions.get(name),
                            actor.username(), clock.instant()));
                } catch (RuntimeException e) {
                    deployments().remove(name);
                    try {
                        deployments().restore(before, loader);
                    } catch (RuntimeException restoreFailed) {
                        failures.put(name, restoreFailed.getMessage());
                        e.addSuppressed(restoreFailed);
                    }
                    throw e;
                }
            }
            return get(name);
        }
    }

    /**
     * Deletes a deployment (stored or failed): it stops serving at once.
     *
     * @throws GyreException.NotFound when there is none
     */
    public void delete(String name, User actor) {
        synchronized (lock) {
            DeploymentStore.Row row = store.find(name).orElseThrow(() -> notFound(name));
            write(name, actor, "deployment.delete", row.state(), null, h -> store.delete(h, name));
            if (served(name)) {
                deployments().remove(name);
            }
            failures.remove(name);
            aliasVersions.remove(name);
        }
    }

    private void write(String name, User actor, String action, Deployment before, Deployment after,
                       java.util.function.Consumer<org.jdbi.v3.core.Handle> work) {
        Deployment any = after != null ? after : before;
        Long projectId = projectOf(any.target().model());
        AuditEvent event = new AuditEvent(projectId, actor == null ? null : actor.id(),
                actor == null ? PLATFORM_ACTOR : actor.username(), action, "deployment", name, toJson(before),
                toJson(after), clock.instant());
        store.database().change(action.replace('_', ' ') + " of deployment '" + name + "'", h -> {
            work.accept(h);
            audit.record(h, event);
            return null;
        });
    }

    private Long projectOf(String model) {
        try {
            return registry.getRegisteredModel(model).projectId();
        } catch (GyreException.NotFound e) {
            return null;
        }
    }

    private String toJson(Deployment d) {
        if (d == null) {
            return null;
        }
        try {
            return json.writeValueAsString(describe(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deployment's state as JSON fields (snake case). */
    public static Map<String, Object> describe(Deployment d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("model", d.target().model());
        out.put("alias", d.target().alias());
        out.put("version", d.target().version());
        out.put("target", d.target().toString());
        out.put("primary_version", d.primaryVersion());
        out.put("canary", d.canary().map(c -> Map.of("version", c.version(), "percent", c.percent())).orElse(null));
        out.put("shadow_version", d.shadowVersion().isPresent() ? d.shadowVersion().getAsInt() : null);
        out.put("sticky_header", d.stickyKey().orElse(null));
        out.put("previous_version", d.previousVersion().isPresent() ? d.previousVersion().getAsInt() : null);
        return out;
    }

    /**
     * @throws GyreException.InvalidArgument when {@code name} is not a deployment name
     */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GyreException.InvalidArgument("Deployment name '" + name + "' is not valid: use 1 to 128 letters,"
                    + " digits, '.', '_' or '-', not starting with '.', e.g. \"titanic-prod\".");
        }
    }

    private static GyreException notFound(String name) {
        return new GyreException.NotFound("No deployment named '" + name + "'. List them with GET"
                + " /api/v1/deployments (gyre deploy list).");
    }

    /** Stops the periodic check. The engine is closed by its owner. */
    @Override
    public void close() {
        synchronized (lock) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }
}
