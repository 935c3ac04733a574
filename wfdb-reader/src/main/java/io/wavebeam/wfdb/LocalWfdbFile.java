package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A record file on a local (or mounted) file system. */
public record LocalWfdbFile(Path path) implements WfdbFile {
  public LocalWfdbFile {
    path = path.toAbsolutePath().normalize();
  }

  @Override
  public String location() {
    return path.toString();
  }

  @Override
  public String name() {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  @Override
  public WfdbFile sibling(String relativeName) throws IOException {
    Path folder = path.getParent();
    Path resolved = folder.resolve(relativeName).normalize();
    if (!resolved.startsWith(folder)) {
      throw new IOException(location() + ": file name '" + relativeName + "' leaves the record's folder");
    }
    return new LocalWfdbFile(resolved);
  }

  @Override
  public long size() throws IOException {
    requireRegularFile();
    return Files.size(path);
  }

  @Override
  public SeekableByteChannel open() throws IOException {
    requireRegularFile();
    return Files.newByteChannel(path, StandardOpenOption.READ);
  }

  private void requireRegularFile() throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(location(), null, "no such file");
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException(location() + ": not a regular file (a folder, FIFO or device is never read)");
    }
  }
}
