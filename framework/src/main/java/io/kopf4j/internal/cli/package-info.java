/**
 * The command line: {@code kopf4j [run] [options]}, {@code serve}, {@code freeze}, {@code resume}, {@code --version}
 * and {@code --help}, parsed with picocli into validated, immutable option records ({@link
 * io.kopf4j.internal.cli.RunOptions}, {@link io.kopf4j.internal.cli.FreezeOptions}, {@link
 * io.kopf4j.internal.cli.ResumeOptions}) and dispatched to an injected {@link io.kopf4j.internal.cli.Runner}. Every
 * option can also come from a {@code KOPF_<COMMAND>_<OPTION>} environment variable (Kopf's click
 * {@code auto_envvar_prefix}); the command line wins. Exit codes: 0 clean, 1 failure (the runner's), 2 usage error.
 *
 * <p>May use {@code internal.lifecycle} and everything below it, and {@code io.kopf4j.embedded} (for {@code serve}),
 * plus picocli. Only the entry class {@code Kopf} uses this package.
 *
 * <p>Not API. Kopf: {@code kopf/cli.py}.
 */
package io.kopf4j.internal.cli;
