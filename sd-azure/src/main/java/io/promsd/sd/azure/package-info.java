/**
 * Azure virtual machine discovery ({@code azure_sd_configs}), as Prometheus's {@code
 * discovery/azure/azure.go}: one target per VM and scale-set VM with the {@code __meta_azure_*}
 * labels.
 *
 * <p>{@link io.promsd.sd.azure.AzureDiscovererFactory} parses the config into an {@link
 * io.promsd.sd.azure.AzureSdConfig}; the discoverer behind it talks to Azure AD and Azure Resource
 * Manager over plain REST (the JDK's HTTP client and Jackson), with the request shapes of
 * Prometheus 2.42 (go-autorest, ARM api 2018-10-01) or 3.x (the Azure SDK for Go) per compat.
 */
package io.promsd.sd.azure;
