/**
 * Reading configuration the way Prometheus does: YAML and JSON parsed into located {@link
 * io.promsd.relabel.config.Node} trees with Go yaml.v2's scalar resolution and Go encoding/json's
 * syntax, strict decoding with Go's error texts ({@link io.promsd.relabel.config.Decoder}, {@link
 * io.promsd.relabel.config.Fields}), and {@link io.promsd.relabel.config.ConfigException} carrying
 * Prometheus's message apart from the file, line, job and rule index. Shared by every module so
 * that nothing parses YAML twice.
 */
package io.promsd.relabel.config;
