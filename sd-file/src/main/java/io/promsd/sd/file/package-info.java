/**
 * {@code file_sd_configs}: JSON and YAML target group files, read as Prometheus reads them and
 * watched for changes ({@code discovery/file/file.go}).
 */
package io.promsd.sd.file;
