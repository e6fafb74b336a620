/**
 * Reading configuration the way Prometheus does: YAML and JSON parsed into located {@link
 * io.promsd.relabel.internal.config.Node} trees with Go yaml.v2's scalar resolution and Go
 * encoding/json's syntax, strict decoding with Go's error texts ({@link
 * io.promsd.relabel.internal.config.Decoder}, {@link io.promsd.relabel.internal.config.Fields}),
 * and {@link io.promsd.relabel.ConfigException} carrying Prometheus's message apart from the file,
 * line, job and rule index. Shared by every module so that nothing parses YAML twice.
 *
 * <p>Internal: used by promsd's own modules and by the discoverer SPI ({@code
 * io.promsd.sd.spi.SdConfigSource} hands a discoverer its {@code Node} and {@code Decoder}), not a
 * stable API; it may change in any release, together with the SPI.
 */
package io.promsd.relabel.internal.config;
