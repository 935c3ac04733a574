package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * A file of a WFDB record, wherever it is stored. The reader reaches every file of a record through its header's
 * {@code WfdbFile}: a signal file or a segment header named in a header is {@link #sibling} of that header. The
 * reader checks every name taken from a header before it calls {@link #sibling} (no absolute names, no
 * {@code ..}), so the guard holds for every implementation; {@link #sibling} checks again, for every storage,
 * the name before and the resolved location after the storage's own {@link #resolveSibling}.
 *
 * <p>The reader ships {@link LocalWfdbFile}; the pipeline supplies one over Beam's {@code FileSystems}, so a
 * record can be read from {@code s3://} or any other registered file system without the reader depending on it.
 */
public interface WfdbFile {
  /** Where the file is, as a person should see it in a message: a path or a URI. */
  String location();

  /** The last part of the location, e.g. {@code 3000003_0001.hea}: what follows its last {@code /}. */
  default String name() {
    String location = location();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /**
   * The file {@code relativeName} (already checked by the reader) in this file's folder. The name is refused if
   * it is empty, absolute or has a {@code ..} part (between {@code /} or {@code \}), and the file the storage
   * resolves must lie in the folder: whatever a storage's resolve does with {@code ..} (S3 keys keep it
   * literally, local paths normalise it away), a header's name never leaves the record's folder.
   */
  default WfdbFile sibling(String relativeName) throws IOException {
    if (relativeName.isEmpty() || relativeName.startsWith("/") || relativeName.startsWith("\\")
        || List.of(relativeName.split("[/\\\\]")).contains("..")) {
      throw leavesFolder(relativeName);
    }
    String folder = location().substring(0, location().lastIndexOf('/') + 1);
    WfdbFile resolved = resolveSibling(relativeName);
    String where = resolved.location();
    if (!where.startsWith(folder) || where.length() == folder.length()) {
      throw leavesFolder(relativeName);
    }
    return resolved;
  }

  /** The file {@code relativeName} in this file's folder, as the storage resolves it; {@link #sibling} checks it. */
  WfdbFile resolveSibling(String relativeName) throws IOException;

  /**
   * Size in bytes. Throws an {@link IOException} naming the file when it is missing or is not a regular file
   * (a folder, a FIFO, a device): reading those could hang or never end.
   */
  long size() throws IOException;

  /** Opens the file for reading from any position; the caller closes the channel. Fails as {@link #size} does. */
  SeekableByteChannel open() throws IOException;

  private IOException leavesFolder(String relativeName) {
    return new IOException(location() + ": file name '" + relativeName + "' leaves the record's folder");
  }
}
