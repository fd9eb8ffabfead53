/**
 * The embedded API server's insides: store and watch fan-out, routing, discovery, OpenAPI, patches, selectors,
 * validation, Tables, the built-in controllers. Uses the JDK, Jackson and slf4j only. Not API.
 */
package io.kopf4j.embedded.internal;
