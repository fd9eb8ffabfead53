package io.kopf4j;

/**
 * Whether the admission request is a dry run ({@code kubectl --dry-run=server}): nothing will be stored, so an
 * admission handler must not have side effects now (no writes elsewhere, no notifications). Injected into
 * {@link On.Validate} and {@link On.Mutate} handlers. Kopf: {@code dryrun}.
 */
public interface DryRun {
    /**
     * Whether this request is a dry run.
     *
     * @return true for a dry run
     */
    boolean value();
}
