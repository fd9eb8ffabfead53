package io.kopf4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * All settings that fine-tune an operator, grouped as in Kopf, each initialised to Kopf 1.44's default.
 *
 * <p>Kopf: {@code kopf.OperatorSettings} ({@code kopf/_cogs/configs/configuration.py}). Change them in an
 * {@code @On.Startup} handler (which gets the settings injected) or before starting an embedded operator:
 * <pre>{@code settings.posting().level(EventLevel.WARNING).loggers(true);}</pre>
 * Setters are fluent and return their group. Times are {@link Duration}s, sequences immutable lists, and "not set"
 * comes back as an empty {@link Optional} (setters take {@code null} to unset such values).
 *
 * <p>After the startup activities, the framework {@linkplain #freeze() freezes} the settings: from then on every
 * setter throws {@link IllegalStateException} naming the setting, and all workers read values that cannot change.
 * Settings are not thread-safe before freezing: mutate them only on the start-up thread.
 */
public final class OperatorSettings {
    private volatile boolean frozen;

    private final Process process = new Process(this);
    private final Posting posting = new Posting(this);
    private final Peering peering = new Peering(this);
    private final Watching watching = new Watching(this);
    private final Queueing queueing = new Queueing(this);
    private final Scanning scanning = new Scanning(this);
    private final Admission admission = new Admission(this);
    private final Execution execution = new Execution(this);
    private final Background background = new Background(this);
    private final Networking networking = new Networking(this);
    private final Persistence persistence = new Persistence(this);
    private final LeaderElection leaderElection = new LeaderElection(this);

    /** Settings with all of Kopf 1.44's defaults, not frozen. */
    public OperatorSettings() {
    }

    /**
     * Kopf: {@code settings.process}: the operator's OS process.
     *
     * @return the group
     */
    public Process process() {
        return process;
    }

    /**
     * Kopf: {@code settings.posting}: Kubernetes Events about the handled objects.
     *
     * @return the group
     */
    public Posting posting() {
        return posting;
    }

    /**
     * Kopf: {@code settings.peering}: coordination with other operators of the same peering.
     *
     * @return the group
     */
    public Peering peering() {
        return peering;
    }

    /**
     * Kopf: {@code settings.watching}: the watch streams.
     *
     * @return the group
     */
    public Watching watching() {
        return watching;
    }

    /**
     * Kopf: {@code settings.queueing}: per-object event queues and their workers.
     *
     * @return the group
     */
    public Queueing queueing() {
        return queueing;
    }

    /**
     * Kopf: {@code settings.scanning}: run-time observation of namespaces and resources.
     *
     * @return the group
     */
    public Scanning scanning() {
        return scanning;
    }

    /**
     * Kopf: {@code settings.admission}: the admission webhook server.
     *
     * @return the group
     */
    public Admission admission() {
        return admission;
    }

    /**
     * Kopf: {@code settings.execution}: how handlers are invoked and retried.
     *
     * @return the group
     */
    public Execution execution() {
        return execution;
    }

    /**
     * Kopf: {@code settings.background}: daemons and timers.
     *
     * @return the group
     */
    public Background background() {
        return background;
    }

    /**
     * Kopf: {@code settings.networking}: API requests.
     *
     * @return the group
     */
    public Networking networking() {
        return networking;
    }

    /**
     * Kopf: {@code settings.persistence}: what the operator stores on the objects.
     *
     * @return the group
     */
    public Persistence persistence() {
        return persistence;
    }

    /**
     * Beyond Kopf: {@code settings.leaderElection}: hold a {@code coordination.k8s.io/v1} Lease so that only one
     * replica handles objects.
     *
     * @return the group
     */
    public LeaderElection leaderElection() {
        return leaderElection;
    }

    /**
     * Makes the settings read-only. Called by the framework after the startup activities (no Kopf counterpart: Kopf
     * lets settings change at any time); user code has no reason to call it. Idempotent.
     */
    public void freeze() {
        frozen = true;
    }

    /**
     * Whether {@link #freeze()} was called.
     *
     * @return true once the settings are read-only
     */
    public boolean frozen() {
        return frozen;
    }

    void checkNotFrozen(String name) {
        if (frozen) {
            throw new IllegalStateException("settings are frozen after startup: " + name);
        }
    }

    static Duration nonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    static Duration positive(Duration value, String name) {
        nonNegative(value, name);
        if (value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    static Duration optionalPositive(Duration value, String name) {
        return value == null ? null : positive(value, name);
    }

    static List<Duration> delays(List<Duration> values, String name) {
        List<Duration> copy = List.copyOf(Objects.requireNonNull(values, name));
        copy.forEach(d -> nonNegative(d, name));
        return copy;
    }

    static List<Duration> seconds(long... values) {
        Duration[] result = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Duration.ofSeconds(values[i]);
        }
        return List.of(result);
    }

    /** Kopf: {@code ProcessSettings}, the operator's OS process. */
    public static final class Process {
        private final OperatorSettings owner;

        /** Kopf: {@code process.ultimate_exiting_timeout}, 10 minutes; null (unset) waits forever. */
        private Duration ultimateExitingTimeout = Duration.ofMinutes(10);

        Process(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code process.ultimate_exiting_timeout}: how long a graceful exit may take, counted from the
         * SIGTERM/SIGINT, before the process is halted. Default 600 s.
         *
         * @return the timeout, or empty to wait forever
         */
        public Optional<Duration> ultimateExitingTimeout() {
            return Optional.ofNullable(ultimateExitingTimeout);
        }

        /**
         * Sets Kopf's {@code process.ultimate_exiting_timeout}.
         *
         * @param value the timeout, or null to wait forever (at your own risk)
         * @return this group
         */
        public Process ultimateExitingTimeout(Duration value) {
            owner.checkNotFrozen("process.ultimateExitingTimeout");
            this.ultimateExitingTimeout = optionalPositive(value, "process.ultimateExitingTimeout");
            return this;
        }
    }

    /** Kopf: {@code PostingSettings}, Kubernetes Events about the handled objects. */
    public static final class Posting {
        private final OperatorSettings owner;

        /** Kopf: {@code posting.enabled}, true. */
        private boolean enabled = true;
        /** Kopf: {@code posting.loggers}, false. */
        private boolean loggers = false;
        /** Kopf: {@code posting.level}, {@code logging.INFO}. */
        private EventLevel level = EventLevel.INFO;
        /** Kopf: {@code posting.reporting_component}, "kopf". */
        private String reportingComponent = "kopf";
        /** Kopf: {@code posting.reporting_instance}, "dev". */
        private String reportingInstance = "dev";
        /** Kopf: {@code posting.event_name_prefix}, "kopf-event-". */
        private String eventNamePrefix = "kopf-event-";

        Posting(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code posting.enabled}: whether Events are posted at all (also the explicit {@code Events} calls).
         * Default true.
         *
         * @return the flag
         */
        public boolean enabled() {
            return enabled;
        }

        /**
         * Sets Kopf's {@code posting.enabled}.
         *
         * @param value whether Events are posted at all
         * @return this group
         */
        public Posting enabled(boolean value) {
            owner.checkNotFrozen("posting.enabled");
            this.enabled = value;
            return this;
        }

        /**
         * Kopf: {@code posting.loggers}: whether the per-object loggers' lines also become Events. Default false:
         * only the explicit {@code Events} calls post.
         *
         * @return the flag
         */
        public boolean loggers() {
            return loggers;
        }

        /**
         * Sets Kopf's {@code posting.loggers}.
         *
         * @param value whether log lines of the object loggers are posted as Events
         * @return this group
         */
        public Posting loggers(boolean value) {
            owner.checkNotFrozen("posting.loggers");
            this.loggers = value;
            return this;
        }

        /**
         * Kopf: {@code posting.level}: the minimum level posted as Events. Default {@link EventLevel#INFO}.
         *
         * @return the level
         */
        public EventLevel level() {
            return level;
        }

        /**
         * Sets Kopf's {@code posting.level}.
         *
         * @param value the minimum level posted as Events
         * @return this group
         */
        public Posting level(EventLevel value) {
            owner.checkNotFrozen("posting.level");
            this.level = Objects.requireNonNull(value, "posting.level");
            return this;
        }

        /**
         * Kopf: {@code posting.reporting_component}: the Events' {@code reportingComponent} and
         * {@code source.component}. Default "kopf".
         *
         * @return the component name
         */
        public String reportingComponent() {
            return reportingComponent;
        }

        /**
         * Sets Kopf's {@code posting.reporting_component}.
         *
         * @param value the component name
         * @return this group
         */
        public Posting reportingComponent(String value) {
            owner.checkNotFrozen("posting.reportingComponent");
            this.reportingComponent = Objects.requireNonNull(value, "posting.reportingComponent");
            return this;
        }

        /**
         * Kopf: {@code posting.reporting_instance}: the Events' {@code reportingInstance}. Default "dev".
         *
         * @return the instance name
         */
        public String reportingInstance() {
            return reportingInstance;
        }

        /**
         * Sets Kopf's {@code posting.reporting_instance}.
         *
         * @param value the instance name, e.g. the pod name
         * @return this group
         */
        public Posting reportingInstance(String value) {
            owner.checkNotFrozen("posting.reportingInstance");
            this.reportingInstance = Objects.requireNonNull(value, "posting.reportingInstance");
            return this;
        }

        /**
         * Kopf: {@code posting.event_name_prefix}: the {@code generateName} of posted Events. Default "kopf-event-".
         *
         * @return the prefix
         */
        public String eventNamePrefix() {
            return eventNamePrefix;
        }

        /**
         * Sets Kopf's {@code posting.event_name_prefix}.
         *
         * @param value the prefix of generated Event names
         * @return this group
         */
        public Posting eventNamePrefix(String value) {
            owner.checkNotFrozen("posting.eventNamePrefix");
            this.eventNamePrefix = Objects.requireNonNull(value, "posting.eventNamePrefix");
            return this;
        }
    }

    /** Kopf: {@code PeeringSettings}, coordination with other operators of the same peering. */
    public static final class Peering {
        private final OperatorSettings owner;

        /** Kopf: {@code peering.name}, "default". */
        private String name = "default";
        /** Kopf: {@code peering.stealth}, false. */
        private boolean stealth = false;
        /** Kopf: {@code peering.priority}, 0. */
        private int priority = 0;
        /** Kopf: {@code peering.lifetime}, 60 seconds. */
        private Duration lifetime = Duration.ofSeconds(60);
        /** Kopf: {@code peering.mandatory}, false. */
        private boolean mandatory = false;
        /** Kopf: {@code peering.standalone}, false. */
        private boolean standalone = false;
        /** Kopf: {@code peering.clusterwide}, false until the run sets it from the operator's scope. */
        private boolean clusterwide = false;

        Peering(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code peering.name}: the peering object; distinct names are isolated neighbourhoods.
         * Default "default".
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Sets Kopf's {@code peering.name}.
         *
         * @param value the peering object's name
         * @return this group
         */
        public Peering name(String value) {
            owner.checkNotFrozen("peering.name");
            this.name = Objects.requireNonNull(value, "peering.name");
            return this;
        }

        /**
         * Kopf: {@code peering.stealth}: whether to keep the regular keep-alives out of the logs. Default false.
         *
         * @return the flag
         */
        public boolean stealth() {
            return stealth;
        }

        /**
         * Sets Kopf's {@code peering.stealth}.
         *
         * @param value whether keep-alives are not logged
         * @return this group
         */
        public Peering stealth(boolean value) {
            owner.checkNotFrozen("peering.stealth");
            this.stealth = value;
            return this;
        }

        /**
         * Kopf: {@code peering.priority}: this operator pauses while a peer of higher or equal priority is alive.
         * Default 0 ({@code --dev} makes it 666).
         *
         * @return the priority
         */
        public int priority() {
            return priority;
        }

        /**
         * Sets Kopf's {@code peering.priority}.
         *
         * @param value the priority
         * @return this group
         */
        public Peering priority(int value) {
            owner.checkNotFrozen("peering.priority");
            this.priority = value;
            return this;
        }

        /**
         * Kopf: {@code peering.lifetime}: how long this operator's keep-alive record counts as alive for its peers;
         * it is renewed somewhat earlier. Default 60 s.
         *
         * @return the lifetime
         */
        public Duration lifetime() {
            return lifetime;
        }

        /**
         * Sets Kopf's {@code peering.lifetime}.
         *
         * @param value a positive duration (Kopf stores whole seconds)
         * @return this group
         */
        public Peering lifetime(Duration value) {
            owner.checkNotFrozen("peering.lifetime");
            this.lifetime = positive(value, "peering.lifetime");
            return this;
        }

        /**
         * Kopf: {@code peering.mandatory}: fail to start without the peering CRD or object, instead of running
         * standalone. Default false.
         *
         * @return the flag
         */
        public boolean mandatory() {
            return mandatory;
        }

        /**
         * Sets Kopf's {@code peering.mandatory}.
         *
         * @param value whether peering is required
         * @return this group
         */
        public Peering mandatory(boolean value) {
            owner.checkNotFrozen("peering.mandatory");
            this.mandatory = value;
            return this;
        }

        /**
         * Kopf: {@code peering.standalone}: run without peering even if a peering object exists. Default false.
         *
         * @return the flag
         */
        public boolean standalone() {
            return standalone;
        }

        /**
         * Sets Kopf's {@code peering.standalone}.
         *
         * @param value whether to ignore peering
         * @return this group
         */
        public Peering standalone(boolean value) {
            owner.checkNotFrozen("peering.standalone");
            this.standalone = value;
            return this;
        }

        /**
         * Kopf: {@code peering.clusterwide}: use {@code ClusterKopfPeering} rather than the namespaced
         * {@code KopfPeering}. Default false; as in Kopf, the run sets it from the operator's scope ({@code -A} or
         * namespaces) before the startup activities, which may then override it.
         *
         * @return the flag
         */
        public boolean clusterwide() {
            return clusterwide;
        }

        /**
         * Sets Kopf's {@code peering.clusterwide}.
         *
         * @param value whether peering is cluster-wide
         * @return this group
         */
        public Peering clusterwide(boolean value) {
            owner.checkNotFrozen("peering.clusterwide");
            this.clusterwide = value;
            return this;
        }

        /**
         * Kopf: {@code peering.namespaced}, the inverse of {@link #clusterwide()}.
         *
         * @return true if peering is namespaced
         */
        public boolean namespaced() {
            return !clusterwide;
        }

        /**
         * Sets Kopf's {@code peering.namespaced}, the inverse of {@link #clusterwide(boolean)}.
         *
         * @param value whether peering is namespaced
         * @return this group
         */
        public Peering namespaced(boolean value) {
            owner.checkNotFrozen("peering.namespaced");
            this.clusterwide = !value;
            return this;
        }
    }

    /** Kopf: {@code WatchingSettings}, the watch streams. */
    public static final class Watching {
        private final OperatorSettings owner;

        /** Kopf: {@code watching.server_timeout}, none. */
        private Duration serverTimeout;
        /** Kopf: {@code watching.client_timeout}, none. */
        private Duration clientTimeout;
        /** Kopf: {@code watching.connect_timeout}, none. */
        private Duration connectTimeout;
        /** Kopf: {@code watching.reconnect_backoff}, 0.1 seconds. */
        private Duration reconnectBackoff = Duration.ofMillis(100);
        /** Kopf: {@code watching.inactivity_timeout}, 70 seconds. */
        private Duration inactivityTimeout = Duration.ofSeconds(70);

        Watching(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code watching.server_timeout}: the {@code timeoutSeconds} asked of the server per watch request.
         * Default none (the server's own choice).
         *
         * @return the timeout, or empty
         */
        public Optional<Duration> serverTimeout() {
            return Optional.ofNullable(serverTimeout);
        }

        /**
         * Sets Kopf's {@code watching.server_timeout}.
         *
         * @param value the timeout, or null for the server's choice
         * @return this group
         */
        public Watching serverTimeout(Duration value) {
            owner.checkNotFrozen("watching.serverTimeout");
            this.serverTimeout = optionalPositive(value, "watching.serverTimeout");
            return this;
        }

        /**
         * Kopf: {@code watching.client_timeout}: the client-side limit of one watch request. Default none.
         *
         * @return the timeout, or empty
         */
        public Optional<Duration> clientTimeout() {
            return Optional.ofNullable(clientTimeout);
        }

        /**
         * Sets Kopf's {@code watching.client_timeout}.
         *
         * @param value the timeout, or null for none
         * @return this group
         */
        public Watching clientTimeout(Duration value) {
            owner.checkNotFrozen("watching.clientTimeout");
            this.clientTimeout = optionalPositive(value, "watching.clientTimeout");
            return this;
        }

        /**
         * Kopf: {@code watching.connect_timeout}: the connection timeout of watch requests. Default none.
         *
         * @return the timeout, or empty
         */
        public Optional<Duration> connectTimeout() {
            return Optional.ofNullable(connectTimeout);
        }

        /**
         * Sets Kopf's {@code watching.connect_timeout}.
         *
         * @param value the timeout, or null for none
         * @return this group
         */
        public Watching connectTimeout(Duration value) {
            owner.checkNotFrozen("watching.connectTimeout");
            this.connectTimeout = optionalPositive(value, "watching.connectTimeout");
            return this;
        }

        /**
         * Kopf: {@code watching.reconnect_backoff}: the pause between watch requests. Default 0.1 s.
         *
         * @return the pause
         */
        public Duration reconnectBackoff() {
            return reconnectBackoff;
        }

        /**
         * Sets Kopf's {@code watching.reconnect_backoff}.
         *
         * @param value the pause, not negative
         * @return this group
         */
        public Watching reconnectBackoff(Duration value) {
            owner.checkNotFrozen("watching.reconnectBackoff");
            this.reconnectBackoff = nonNegative(value, "watching.reconnectBackoff");
            return this;
        }

        /**
         * Kopf: {@code watching.inactivity_timeout}: a stream with no event nor bookmark for this long is considered
         * dead and reconnected. Default 70 s.
         *
         * @return the timeout
         */
        public Duration inactivityTimeout() {
            return inactivityTimeout;
        }

        /**
         * Sets Kopf's {@code watching.inactivity_timeout}.
         *
         * @param value a positive duration
         * @return this group
         */
        public Watching inactivityTimeout(Duration value) {
            owner.checkNotFrozen("watching.inactivityTimeout");
            this.inactivityTimeout = positive(value, "watching.inactivityTimeout");
            return this;
        }
    }

    /** Kopf: {@code QueueingSettings}, per-object event queues and their workers. */
    public static final class Queueing {
        private final OperatorSettings owner;

        /** Kopf: {@code queueing.worker_limit}, none (0 here means none). */
        private int workerLimit;
        /** Kopf: {@code queueing.idle_timeout}, 5 seconds. */
        private Duration idleTimeout = Duration.ofSeconds(5);
        /** Kopf: {@code queueing.exit_timeout}, 2 seconds. */
        private Duration exitTimeout = Duration.ofSeconds(2);
        /** Kopf: {@code queueing.error_delays}, 1, 1, 2, 3, 5, 8, ..., 610 seconds. */
        private List<Duration> errorDelays = seconds(1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610);

        Queueing(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code queueing.worker_limit}: how many per-object workers may run at once. Default none, as Kopf's;
         * then the threads bound them: on JDK 17 the pool of CPUs + 4 platform threads, on JDK 21+ at most 200
         * virtual threads at once (a burst of thousands of objects would otherwise hold thousands of bodies at once
         * while the API server answers a few requests at a time). Idle workers give their slot away at once, so a
         * limit bounds only the work that runs at the same time.
         *
         * @return the limit, or empty for none (the threads' bound)
         */
        public OptionalInt workerLimit() {
            return workerLimit == 0 ? OptionalInt.empty() : OptionalInt.of(workerLimit);
        }

        /**
         * Sets Kopf's {@code queueing.worker_limit}.
         *
         * @param value at least 1
         * @return this group
         */
        public Queueing workerLimit(int value) {
            owner.checkNotFrozen("queueing.workerLimit");
            if (value < 1) {
                throw new IllegalArgumentException("queueing.workerLimit must be at least 1: " + value);
            }
            this.workerLimit = value;
            return this;
        }

        /**
         * Removes the limit of Kopf's {@code queueing.worker_limit} (sets it to {@code None}): the threads' bound
         * applies (see {@link #workerLimit()}).
         *
         * @return this group
         */
        public Queueing noWorkerLimit() {
            owner.checkNotFrozen("queueing.workerLimit");
            this.workerLimit = 0;
            return this;
        }

        /**
         * Kopf: {@code queueing.idle_timeout}: how soon an idle per-object worker exits. Default 5 s.
         *
         * @return the timeout
         */
        public Duration idleTimeout() {
            return idleTimeout;
        }

        /**
         * Sets Kopf's {@code queueing.idle_timeout}.
         *
         * @param value not negative
         * @return this group
         */
        public Queueing idleTimeout(Duration value) {
            owner.checkNotFrozen("queueing.idleTimeout");
            this.idleTimeout = nonNegative(value, "queueing.idleTimeout");
            return this;
        }

        /**
         * Kopf: {@code queueing.exit_timeout}: how long workers may deplete their queues when their watcher exits,
         * before they are cancelled. Default 2 s.
         *
         * @return the timeout
         */
        public Duration exitTimeout() {
            return exitTimeout;
        }

        /**
         * Sets Kopf's {@code queueing.exit_timeout}.
         *
         * @param value not negative
         * @return this group
         */
        public Queueing exitTimeout(Duration value) {
            owner.checkNotFrozen("queueing.exitTimeout");
            this.exitTimeout = nonNegative(value, "queueing.exitTimeout");
            return this;
        }

        /**
         * Kopf: {@code queueing.error_delays}: the throttling delays after unexpected framework errors per object;
         * the last one repeats. Default 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610 s.
         *
         * @return an immutable list
         */
        public List<Duration> errorDelays() {
            return errorDelays;
        }

        /**
         * Sets Kopf's {@code queueing.error_delays}.
         *
         * @param value the delays, none negative; copied
         * @return this group
         */
        public Queueing errorDelays(List<Duration> value) {
            owner.checkNotFrozen("queueing.errorDelays");
            this.errorDelays = delays(value, "queueing.errorDelays");
            return this;
        }
    }

    /** Kopf: {@code ScanningSettings}, run-time observation of namespaces and resources. */
    public static final class Scanning {
        private final OperatorSettings owner;

        /** Kopf: {@code scanning.disabled}, false. */
        private boolean disabled = false;

        Scanning(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code scanning.disabled}: when true, only the specific (glob-free) namespaces and the resources
         * found at start-up are served, with no namespace or CRD watching. Default false.
         *
         * @return the flag
         */
        public boolean disabled() {
            return disabled;
        }

        /**
         * Sets Kopf's {@code scanning.disabled}.
         *
         * @param value whether run-time scanning is off
         * @return this group
         */
        public Scanning disabled(boolean value) {
            owner.checkNotFrozen("scanning.disabled");
            this.disabled = value;
            return this;
        }
    }

    /** Kopf: {@code AdmissionSettings}, the admission webhook server. */
    public static final class Admission {
        private final OperatorSettings owner;

        /** Kopf: {@code admission.server}, none. */
        private WebhookServer server;
        /** Kopf: {@code admission.managed}, none. */
        private String managed;

        Admission(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code admission.server}: how admission reviews are accepted. Default none: no server is started,
         * and admission handlers without a server fail the start-up.
         *
         * @return the server description, or empty
         */
        public Optional<WebhookServer> server() {
            return Optional.ofNullable(server);
        }

        /**
         * Sets Kopf's {@code admission.server}.
         *
         * @param value the server, or null for none
         * @return this group
         */
        public Admission server(WebhookServer value) {
            owner.checkNotFrozen("admission.server");
            this.server = value;
            return this;
        }

        /**
         * Kopf: {@code admission.managed}: the name of the {@code Validating/MutatingWebhookConfiguration} objects
         * that the operator creates and keeps in sync. Default none: the configurations are made by hand.
         *
         * @return the name, or empty
         */
        public Optional<String> managed() {
            return Optional.ofNullable(managed);
        }

        /**
         * Sets Kopf's {@code admission.managed}.
         *
         * @param value the configurations' name, or null to manage none
         * @return this group
         */
        public Admission managed(String value) {
            owner.checkNotFrozen("admission.managed");
            this.managed = value;
            return this;
        }
    }

    /** Kopf: {@code ExecutionSettings}, how handlers are invoked and retried. */
    public static final class Execution {
        private final OperatorSettings owner;

        /** Kopf: {@code execution.default_backoff}, 60 seconds. */
        private Duration defaultBackoff = Duration.ofSeconds(60);
        /** Kopf: {@code execution.max_workers}, none (0 here means none). */
        private int maxWorkers;
        /** Kopf: the default lifecycle, {@code lifecycles.asap}. */
        private Lifecycle lifecycle = Lifecycle.ASAP;

        Execution(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code execution.default_backoff}: the retry delay after an arbitrary handler error when the
         * handler sets no {@code backoff}. Default 60 s.
         *
         * @return the delay
         */
        public Duration defaultBackoff() {
            return defaultBackoff;
        }

        /**
         * Sets Kopf's {@code execution.default_backoff}.
         *
         * @param value not negative
         * @return this group
         */
        public Execution defaultBackoff(Duration value) {
            owner.checkNotFrozen("execution.defaultBackoff");
            this.defaultBackoff = nonNegative(value, "execution.defaultBackoff");
            return this;
        }

        /**
         * Kopf: {@code execution.max_workers}: how many handlers may run at once. Default none: on JDK 21+ each
         * handler gets a virtual thread; on JDK 17 a bounded platform pool of the framework's choice.
         *
         * @return the limit, or empty for the default
         */
        public OptionalInt maxWorkers() {
            return maxWorkers == 0 ? OptionalInt.empty() : OptionalInt.of(maxWorkers);
        }

        /**
         * Sets Kopf's {@code execution.max_workers}.
         *
         * @param value at least 1 (Kopf: "Can't set thread pool limit lower than 1.")
         * @return this group
         */
        public Execution maxWorkers(int value) {
            owner.checkNotFrozen("execution.maxWorkers");
            if (value < 1) {
                throw new IllegalArgumentException("execution.maxWorkers must be at least 1: " + value);
            }
            this.maxWorkers = value;
            return this;
        }

        /**
         * Which pending handlers run in one handling cycle (Kopf: {@code kopf.set_default_lifecycle()}).
         * Default {@link Lifecycle#ASAP}.
         *
         * @return the lifecycle
         */
        public Lifecycle lifecycle() {
            return lifecycle;
        }

        /**
         * Sets the default lifecycle (Kopf: {@code kopf.set_default_lifecycle()}).
         *
         * @param value the lifecycle
         * @return this group
         */
        public Execution lifecycle(Lifecycle value) {
            owner.checkNotFrozen("execution.lifecycle");
            this.lifecycle = Objects.requireNonNull(value, "execution.lifecycle");
            return this;
        }
    }

    /** Kopf: {@code BackgroundSettings}, daemons and timers. */
    public static final class Background {
        private final OperatorSettings owner;

        /** Kopf: {@code background.cancellation_polling}, 60 seconds. */
        private Duration cancellationPolling = Duration.ofSeconds(60);
        /** Kopf: {@code background.instant_exit_timeout}, none. */
        private Duration instantExitTimeout;

        Background(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code background.cancellation_polling}: how often to re-check a stopping daemon or timer that has
         * no cancellation timeout but does not exit. Default 60 s.
         *
         * @return the interval
         */
        public Duration cancellationPolling() {
            return cancellationPolling;
        }

        /**
         * Sets Kopf's {@code background.cancellation_polling}.
         *
         * @param value a positive duration
         * @return this group
         */
        public Background cancellationPolling(Duration value) {
            owner.checkNotFrozen("background.cancellationPolling");
            this.cancellationPolling = positive(value, "background.cancellationPolling");
            return this;
        }

        /**
         * Kopf: {@code background.instant_exit_timeout}: how long to wait for a stopped daemon or timer to exit at
         * once, before polling through the object's storages. Default none (a framework-chosen brief wait).
         *
         * @return the timeout, or empty
         */
        public Optional<Duration> instantExitTimeout() {
            return Optional.ofNullable(instantExitTimeout);
        }

        /**
         * Sets Kopf's {@code background.instant_exit_timeout}.
         *
         * @param value the timeout, or null for the default
         * @return this group
         */
        public Background instantExitTimeout(Duration value) {
            owner.checkNotFrozen("background.instantExitTimeout");
            this.instantExitTimeout = value == null ? null : nonNegative(value, "background.instantExitTimeout");
            return this;
        }
    }

    /** Kopf: {@code NetworkingSettings}, API requests. */
    public static final class Networking {
        private final OperatorSettings owner;

        /** Kopf: {@code networking.request_timeout}, 5 minutes. */
        private Duration requestTimeout = Duration.ofMinutes(5);
        /** Kopf: {@code networking.connect_timeout}, none. */
        private Duration connectTimeout;
        /** Kopf: {@code networking.error_backoffs}, 1, 1, 2, 3, 5, 8, 13, 21 seconds. */
        private List<Duration> errorBackoffs = seconds(1, 1, 2, 3, 5, 8, 13, 21);
        /** Kopf: {@code networking.enforce_retry_after}, false. */
        private boolean enforceRetryAfter = false;
        /** Kopf: {@code networking.trust_env}, false. */
        private boolean trustEnv = false;
        /** Not in Kopf: 100 requests at once. */
        private int requestLimit = 100;

        Networking(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code networking.request_timeout}: the whole duration of one short API request (not watches).
         * Default 300 s.
         *
         * @return the timeout, or empty for none
         */
        public Optional<Duration> requestTimeout() {
            return Optional.ofNullable(requestTimeout);
        }

        /**
         * Sets Kopf's {@code networking.request_timeout}.
         *
         * @param value the timeout, or null for none
         * @return this group
         */
        public Networking requestTimeout(Duration value) {
            owner.checkNotFrozen("networking.requestTimeout");
            this.requestTimeout = optionalPositive(value, "networking.requestTimeout");
            return this;
        }

        /**
         * Kopf: {@code networking.connect_timeout}: the connection and handshake timeout of API requests.
         * Default none.
         *
         * @return the timeout, or empty
         */
        public Optional<Duration> connectTimeout() {
            return Optional.ofNullable(connectTimeout);
        }

        /**
         * Sets Kopf's {@code networking.connect_timeout}.
         *
         * @param value the timeout, or null for none
         * @return this group
         */
        public Networking connectTimeout(Duration value) {
            owner.checkNotFrozen("networking.connectTimeout");
            this.connectTimeout = optionalPositive(value, "networking.connectTimeout");
            return this;
        }

        /**
         * Kopf: {@code networking.error_backoffs}: how many times, and after which delays, retriable API errors
         * (429, 5xx, connection failures) are retried. Default 1, 1, 2, 3, 5, 8, 13, 21 s.
         *
         * @return an immutable list; its size is the number of retries
         */
        public List<Duration> errorBackoffs() {
            return errorBackoffs;
        }

        /**
         * Sets Kopf's {@code networking.error_backoffs}.
         *
         * @param value the delays, none negative; empty for no retries; copied
         * @return this group
         */
        public Networking errorBackoffs(List<Duration> value) {
            owner.checkNotFrozen("networking.errorBackoffs");
            this.errorBackoffs = delays(value, "networking.errorBackoffs");
            return this;
        }

        /**
         * Kopf: {@code networking.enforce_retry_after}: when true, a {@code Retry-After} header is used as the delay
         * even when the configured backoff is longer; when false, the longer of the two. Default false.
         *
         * @return the flag
         */
        public boolean enforceRetryAfter() {
            return enforceRetryAfter;
        }

        /**
         * Sets Kopf's {@code networking.enforce_retry_after}.
         *
         * @param value whether {@code Retry-After} overrides the backoffs
         * @return this group
         */
        public Networking enforceRetryAfter(boolean value) {
            owner.checkNotFrozen("networking.enforceRetryAfter");
            this.enforceRetryAfter = value;
            return this;
        }

        /**
         * Kopf: {@code networking.trust_env}: whether the proxy environment variables ({@code HTTP_PROXY},
         * {@code HTTPS_PROXY}, {@code NO_PROXY}) apply to API requests. Default false.
         *
         * @return the flag
         */
        public boolean trustEnv() {
            return trustEnv;
        }

        /**
         * Sets Kopf's {@code networking.trust_env}.
         *
         * @param value whether to honour the proxy environment
         * @return this group
         */
        public Networking trustEnv(boolean value) {
            owner.checkNotFrozen("networking.trustEnv");
            this.trustEnv = value;
            return this;
        }

        /**
         * How many API requests the operator sends at once (watches, leases and peering records not counted); the
         * others wait for their turn in arrival order. It keeps a burst of thousands of objects, handled at once by a
         * worker each, from opening thousands of connections to the API server. Not in Kopf (which has no limit).
         * Default 100.
         *
         * @return the limit; 0 for none
         */
        public int requestLimit() {
            return requestLimit;
        }

        /**
         * Sets how many API requests the operator sends at once.
         *
         * @param value the limit, not negative; 0 for none
         * @return this group
         */
        public Networking requestLimit(int value) {
            owner.checkNotFrozen("networking.requestLimit");
            if (value < 0) {
                throw new IllegalArgumentException("networking.requestLimit must not be negative: " + value);
            }
            this.requestLimit = value;
            return this;
        }
    }

    /** Kopf: {@code PersistenceSettings}, what the operator stores on the objects. */
    public static final class Persistence {
        private final OperatorSettings owner;

        /** Kopf: {@code persistence.finalizer}, "kopf.zalando.org/KopfFinalizerMarker". */
        private String finalizer = "kopf.zalando.org/KopfFinalizerMarker";
        /** Kopf: {@code persistence.progress_storage}, {@code SmartProgressStorage()}. */
        private ProgressStorage progressStorage = ProgressStorage.smart();
        /** Kopf: {@code persistence.diffbase_storage}, {@code AnnotationsDiffBaseStorage()}. */
        private DiffBaseStorage diffBaseStorage = DiffBaseStorage.annotations();
        /** Kopf: {@code persistence.consistency_timeout}, 5 seconds. */
        private Duration consistencyTimeout = Duration.ofSeconds(5);

        Persistence(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Kopf: {@code persistence.finalizer}: the marker put into {@code metadata.finalizers} to block deletion
         * until the delete handlers are done. Default {@code kopf.zalando.org/KopfFinalizerMarker}.
         *
         * @return the finalizer
         */
        public String finalizer() {
            return finalizer;
        }

        /**
         * Sets Kopf's {@code persistence.finalizer}.
         *
         * @param value a non-empty finalizer name
         * @return this group
         */
        public Persistence finalizer(String value) {
            owner.checkNotFrozen("persistence.finalizer");
            Objects.requireNonNull(value, "persistence.finalizer");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("persistence.finalizer must not be empty");
            }
            this.finalizer = value;
            return this;
        }

        /**
         * Kopf: {@code persistence.progress_storage}: where the handlers' progress is kept. Default
         * {@link ProgressStorage#smart()}: annotations {@code kopf.zalando.org/<id>}, plus the legacy
         * {@code status.kopf.progress} read and purged.
         *
         * @return the storage description
         */
        public ProgressStorage progressStorage() {
            return progressStorage;
        }

        /**
         * Sets Kopf's {@code persistence.progress_storage}.
         *
         * @param value the storage description
         * @return this group
         */
        public Persistence progressStorage(ProgressStorage value) {
            owner.checkNotFrozen("persistence.progressStorage");
            this.progressStorage = Objects.requireNonNull(value, "persistence.progressStorage");
            return this;
        }

        /**
         * Kopf: {@code persistence.diffbase_storage}: where the last handled essence is kept. Default
         * {@link DiffBaseStorage#annotations()}: {@code kopf.zalando.org/last-handled-configuration}.
         *
         * @return the storage description
         */
        public DiffBaseStorage diffBaseStorage() {
            return diffBaseStorage;
        }

        /**
         * Sets Kopf's {@code persistence.diffbase_storage}.
         *
         * @param value the storage description
         * @return this group
         */
        public Persistence diffBaseStorage(DiffBaseStorage value) {
            owner.checkNotFrozen("persistence.diffBaseStorage");
            this.diffBaseStorage = Objects.requireNonNull(value, "persistence.diffBaseStorage");
            return this;
        }

        /**
         * Kopf: {@code persistence.consistency_timeout}: how long change handlers wait for the watch to deliver the
         * resourceVersion of the operator's own last patch before acting anyway. Default 5 s.
         *
         * @return the timeout
         */
        public Duration consistencyTimeout() {
            return consistencyTimeout;
        }

        /**
         * Sets Kopf's {@code persistence.consistency_timeout}.
         *
         * @param value not negative; zero does not wait
         * @return this group
         */
        public Persistence consistencyTimeout(Duration value) {
            owner.checkNotFrozen("persistence.consistencyTimeout");
            this.consistencyTimeout = nonNegative(value, "persistence.consistencyTimeout");
            return this;
        }
    }

    /**
     * Beyond Kopf: Lease-based leader election (client-go's {@code LeaseLock} semantics). While enabled, only the
     * replica holding the Lease handles objects; the others keep trying to acquire it and take over once the holder
     * releases it (on a graceful stop) or stops renewing it for {@link #leaseDuration()}.
     */
    public static final class LeaderElection {
        private final OperatorSettings owner;

        private boolean enabled = false;
        private String leaseName = "kopf4j-leader";
        private String leaseNamespace = null;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);

        LeaderElection(OperatorSettings owner) {
            this.owner = owner;
        }

        /**
         * Whether leader election is on ({@code --leader-election}). Default false.
         *
         * @return the flag
         */
        public boolean enabled() {
            return enabled;
        }

        /**
         * Turns leader election on or off.
         *
         * @param value whether to hold a Lease before handling objects
         * @return this group
         */
        public LeaderElection enabled(boolean value) {
            owner.checkNotFrozen("leaderElection.enabled");
            this.enabled = value;
            return this;
        }

        /**
         * The Lease's name. Default "kopf4j-leader".
         *
         * @return the name
         */
        public String leaseName() {
            return leaseName;
        }

        /**
         * Sets the Lease's name.
         *
         * @param value a DNS subdomain
         * @return this group
         */
        public LeaderElection leaseName(String value) {
            owner.checkNotFrozen("leaderElection.leaseName");
            this.leaseName = Objects.requireNonNull(value, "leaderElection.leaseName");
            return this;
        }

        /**
         * The Lease's namespace; null (the default) means {@code POD_NAMESPACE} if set, else the operator's first
         * namespace if it names one exactly, else "default".
         *
         * @return the namespace, or null
         */
        public String leaseNamespace() {
            return leaseNamespace;
        }

        /**
         * Sets the Lease's namespace.
         *
         * @param value the namespace, or null for the default
         * @return this group
         */
        public LeaderElection leaseNamespace(String value) {
            owner.checkNotFrozen("leaderElection.leaseNamespace");
            this.leaseNamespace = value;
            return this;
        }

        /**
         * How long a Lease counts as held after its last renewal ({@code leaseDurationSeconds}). Default 15 s
         * (client-go). Whole seconds, at least one.
         *
         * @return the duration
         */
        public Duration leaseDuration() {
            return leaseDuration;
        }

        /**
         * Sets the lease duration.
         *
         * @param value positive; rounded up to whole seconds on the Lease
         * @return this group
         */
        public LeaderElection leaseDuration(Duration value) {
            owner.checkNotFrozen("leaderElection.leaseDuration");
            this.leaseDuration = positive(value, "leaderElection.leaseDuration");
            return this;
        }

        /**
         * How long the leader keeps leading while its renewals fail; then it pauses. Default 10 s (client-go).
         *
         * @return the deadline
         */
        public Duration renewDeadline() {
            return renewDeadline;
        }

        /**
         * Sets the renew deadline.
         *
         * @param value positive, shorter than the lease duration
         * @return this group
         */
        public LeaderElection renewDeadline(Duration value) {
            owner.checkNotFrozen("leaderElection.renewDeadline");
            this.renewDeadline = positive(value, "leaderElection.renewDeadline");
            return this;
        }

        /**
         * How often the leader renews and the others try to acquire. Default 2 s (client-go).
         *
         * @return the period
         */
        public Duration retryPeriod() {
            return retryPeriod;
        }

        /**
         * Sets the retry period.
         *
         * @param value positive
         * @return this group
         */
        public LeaderElection retryPeriod(Duration value) {
            owner.checkNotFrozen("leaderElection.retryPeriod");
            this.retryPeriod = positive(value, "leaderElection.retryPeriod");
            return this;
        }
    }
}
