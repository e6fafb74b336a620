/**
 * Unit tests for Prometheus relabel rules: a YAML test file format ({@link
 * io.promsd.relabel.junit.internal.RelabelTestFile}), a runner ({@link
 * io.promsd.relabel.junit.internal.RelabelTestRunner}) whose results carry the label diff and the
 * rule-by-rule trace, a plain-text and a JUnit XML report, the {@code promsd test relabel} command
 * ({@link io.promsd.relabel.junit.internal.RelabelTestCommand}), and for users' own JUnit 5 suites
 * dynamic tests ({@link io.promsd.relabel.junit.RelabelTests}) and fluent assertions ({@link
 * io.promsd.relabel.junit.RelabelAssertions}).
 */
package io.promsd.relabel.junit;
