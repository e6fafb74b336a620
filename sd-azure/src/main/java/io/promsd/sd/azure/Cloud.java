package io.promsd.sd.azure;

/**
 * The endpoints of one Azure cloud.
 *
 * @param name the environment's name as Prometheus reports it
 * @param activeDirectory 2.42: go-autorest's {@code ActiveDirectoryEndpoint} (token URL base, e.g.
 *     {@code https://login.microsoftonline.com/}); 3.x: azcore's {@code
 *     ActiveDirectoryAuthorityHost}
 * @param resourceManager the Resource Manager base URL ({@code https://management.azure.com/} in
 *     2.42, {@code https://management.azure.com} in 3.x)
 * @param audience what tokens are requested for: 2.42 asks for the resource manager endpoint
 *     itself, 3.x for the ARM audience ({@code https://management.core.windows.net/}) with {@code
 *     /.default}
 */
record Cloud(String name, String activeDirectory, String resourceManager, String audience) {}
