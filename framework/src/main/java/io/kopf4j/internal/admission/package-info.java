/**
 * Admission webhooks: the review processing for {@code @On.Validate} and {@code @On.Mutate} handlers (parsing an
 * {@code AdmissionReview}, choosing and running the handlers, the response with the combined rejection, the warnings
 * and the JSON-patch), the webhook server that answers the API server's review requests, and the managed
 * {@code Validating/MutatingWebhookConfiguration} objects. A layer above {@code handling} and below
 * {@code lifecycle}: it may use handling, registry, watching, cluster, model and util. Kopf:
 * {@code kopf/_core/engines/admission.py}, {@code kopf/_kits/webhooks.py}. Not API.
 */
package io.kopf4j.internal.admission;
