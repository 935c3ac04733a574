package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A record file on a local (or mounted) file system. The path is kept as given (normalised), so messages show
 * a relative path where the user gave one.
 */
public record LocalWfdbFile(Path path) implements WfdbFile {
  public LocalWfdbFile {
    path = path.normalize();
  }

  @Override
  public String location() {
    return path.toString();
  }

  @Override
  public WfdbFile resolveSibling(String relativeName) {
    return new LocalWfdbFile(path.resolveSibling(relativeName));
  }

  @Override
  public long size() throws IOException {
    return regularFile().size();
  }

  @Override
  public SeekableByteChannel open() throws IOException {
    regularFile();
    return Files.newByteChannel(path, StandardOpenOption.READ);
  }

  /**
   * The file's attributes, following symbolic links; anything but a regular file is refused: opening a FIFO
   * blocks until a writer appears, and a device or folder has no end to read to.
   */
  private BasicFileAttributes regularFile() throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(location(), null, "no such file");
    }
    if (attributes.isDirectory()) {
      throw new IOException(location() + ": is a folder, not a file");
    }
    if (!attributes.isRegularFile()) {
      throw new IOException(location() + ": not a regular file (a FIFO, socket or device is never read)");
    }
    return attributes;
  }
}
