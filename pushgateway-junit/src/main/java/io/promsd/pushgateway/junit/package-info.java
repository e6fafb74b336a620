/**
 * Testing batch jobs that push metrics, in JUnit 5: {@link
 * io.promsd.pushgateway.junit.PushgatewayExtension} starts an in-process Push Gateway on a free
 * loopback port and {@link io.promsd.pushgateway.junit.PushgatewayAssertions} checks what was
 * pushed.
 */
package io.promsd.pushgateway.junit;
