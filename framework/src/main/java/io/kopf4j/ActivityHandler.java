package io.kopf4j;

/**
 * An operator-level handler as a lambda, for the programmatic {@link Registry}: startup, cleanup and probe handlers
 * ({@link On.Startup}, {@link On.Cleanup}, {@link On.Probe} as annotations). It gets the whole
 * {@link ActivityContext} at once. A probe's result is reported under its id; the others' results are ignored.
 */
@FunctionalInterface
public interface ActivityHandler {
    Object handle(ActivityContext context) throws Exception;
}
