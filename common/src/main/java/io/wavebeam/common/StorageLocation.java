package io.wavebeam.common;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A folder given on the command line, as a Beam {@link ResourceId}: a local path, {@code file:} URI, or a URI of
 * any Beam file system registered in this program ({@code s3://bucket/prefix/}). Everything else is refused with
 * an {@link InvalidLocationException}: a URI must never become a local folder called {@code s3:}.
 *
 * <p>Call after {@code FileSystems.setDefaultPipelineOptions}, so the registered file systems are known.
 */
public final class StorageLocation {
  /** A scheme of two or more letters (one letter is a Windows drive, never a URI). */
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

  private StorageLocation() {}

  /** The folder {@code location} names; {@code what} says which option it came from, for messages. */
  public static ResourceId folder(String location, String what) {
    if (location == null || location.isBlank()) {
      throw new InvalidLocationException(what + " is empty");
    }
    String trimmed = location.trim();
    Matcher m = SCHEME.matcher(trimmed);
    if (!m.matches()) {
      return FileSystems.matchNewResource(Path.of(trimmed).toAbsolutePath().normalize().toString(), true);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String rest = m.group(2);
    if (scheme.equals("file")) {
      try {
        return FileSystems.matchNewResource(Path.of(URI.create(trimmed)).toAbsolutePath().normalize().toString(),
            true);
      } catch (IllegalArgumentException e) {
        throw new InvalidLocationException(what + " " + location + ": not a file: URI (" + e.getMessage() + ")");
      }
    }
    if (!rest.startsWith("//") || rest.length() == 2 || rest.charAt(2) == '/') {
      throw new InvalidLocationException(what + " " + location + ": not a URI of the form " + scheme
          + "://bucket/prefix/");
    }
    String spec = trimmed.endsWith("/") ? trimmed : trimmed + "/";
    try {
      return FileSystems.matchNewResource(spec, true);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("No filesystem found")) {
        throw new InvalidLocationException(what + " " + location + ": no file system for " + scheme
            + ":// is available in this program (it reads and writes local paths and s3://)");
      }
      throw new InvalidLocationException(what + " " + location + ": not a valid " + scheme + ":// URI ("
          + message + ")");
    }
  }

  /** The last name of a folder or file, without a trailing '/' ({@code s3://b/in/30/} gives {@code 30}). */
  public static String name(ResourceId id) {
    String s = id.toString();
    while (s.endsWith("/") && s.length() > 1) {
      s = s.substring(0, s.length() - 1);
    }
    return s.substring(s.lastIndexOf('/') + 1);
  }

  /** Whether {@code id} is on the local (or a mounted) file system. */
  public static boolean isLocal(ResourceId id) {
    return "file".equals(id.getScheme());
  }
}
