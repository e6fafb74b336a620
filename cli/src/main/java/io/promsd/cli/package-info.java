/**
 * The {@code promsd} command: {@code targets}, {@code check config}, {@code check
 * service-discovery} (promtool's JSON, returning as soon as discovery is complete) and {@code test
 * relabel}.
 */
package io.promsd.cli;
