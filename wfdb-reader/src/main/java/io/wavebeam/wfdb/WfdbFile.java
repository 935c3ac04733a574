package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * A file of a WFDB record, wherever it is stored. The reader reaches every file of a record through its header's
 * {@code WfdbFile}: a signal file or a segment header named in a header is {@link #sibling} of that header. The
 * reader checks every name taken from a header before it calls {@link #sibling} (no absolute names, no
 * {@code ..}), so the guard holds for every implementation; implementations check again, with
 * {@link #requireInFolder} before they resolve a sibling and {@link #leavesFolder} for what they resolved.
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

  /** The file {@code relativeName} (already checked by the reader) in this file's folder. */
  WfdbFile sibling(String relativeName) throws IOException;

  /**
   * Size in bytes. Throws an {@link IOException} naming the file when it is missing or is not a regular file
   * (a folder, a FIFO, a device): reading those could hang or never end.
   */
  long size() throws IOException;

  /** Opens the file for reading from any position; the caller closes the channel. Fails as {@link #size} does. */
  SeekableByteChannel open() throws IOException;

  /**
   * Refuses a sibling's name that could leave this file's folder, whatever the storage's resolve does with it
   * (S3 keys keep {@code ..} literally, local paths normalise it away): empty, absolute, or with a {@code ..}
   * part (between {@code /} or {@code \}).
   */
  static void requireInFolder(WfdbFile file, String relativeName) throws IOException {
    if (relativeName.isEmpty() || relativeName.startsWith("/") || relativeName.startsWith("\\")
        || List.of(relativeName.split("[/\\\\]")).contains("..")) {
      throw leavesFolder(file, relativeName);
    }
  }

  /** The error of a sibling name {@code relativeName} of {@code file} that resolves outside its folder. */
  static IOException leavesFolder(WfdbFile file, String relativeName) {
    return new IOException(file.location() + ": file name '" + relativeName + "' leaves the record's folder");
  }
}
