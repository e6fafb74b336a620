/**
 * The file_sd file format, shared with the command line: {@link
 * io.promsd.sd.file.internal.GroupFiles}.
 *
 * <p>Internal: not API; it may change in any release.
 */
package io.promsd.sd.file.internal;
