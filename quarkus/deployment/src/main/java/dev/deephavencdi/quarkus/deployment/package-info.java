/**
 * The build steps of the deephaven-cdi Quarkus extension: the feature, the production default (no embedded server
 * unless {@code deephaven.cdi.embedded.enabled=true}), the embedded server as a Dev Service in dev and test mode
 * ({@link dev.deephavencdi.quarkus.deployment.DeephavenDevServicesProcessor}) and the Dev UI card
 * ({@link dev.deephavencdi.quarkus.deployment.DeephavenDevUiProcessor}). The CDI beans themselves are the portable
 * core's, discovered through its {@code beans.xml} and build compatible extension.
 */
package dev.deephavencdi.quarkus.deployment;
