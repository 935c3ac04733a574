package io.wavebeam.wfdb;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * What every read-only {@link SeekableByteChannel} a {@link WfdbFile} may open over a store shares, whatever the
 * store: the position and the open flag, and refusing writes. A subclass reads from {@link #position} on.
 */
public abstract class ReadOnlyChannel implements SeekableByteChannel {
  /** Where the next read starts; moved by {@link #position(long)} and by the subclass's reads. */
  protected long position;
  private boolean open = true;

  /** Throws once the channel is closed. */
  protected final void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public long position() throws ClosedChannelException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public final int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public final SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public final boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
