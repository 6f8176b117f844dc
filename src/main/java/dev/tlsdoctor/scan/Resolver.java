package dev.tlsdoctor.scan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name lookups with a time limit. The JDK's lookup has none of its own (the system resolver's retries can take many
 * seconds), so it runs on a daemon thread of its own and is given up when the limit passes.
 */
final class Resolver {
  private Resolver() {
  }

  /** The first address of {@code host}, within {@code limit}; else UnknownHostException saying why. */
  static InetAddress resolve(String host, Duration limit) throws UnknownHostException, InterruptedException {
    CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("lookup " + host).start(() -> {
      try {
        lookup.complete(InetAddress.getByName(host));
      } catch (UnknownHostException | RuntimeException e) {
        lookup.completeExceptionally(e);
      }
    });
    try {
      return lookup.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UnknownHostException(String.format(Locale.ROOT, "no answer from the name service for %s within "
          + "%.1f s", host, limit.toMillis() / 1000.0));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException u) {
        throw u;
      }
      throw new UnknownHostException(host + ": " + e.getCause());
    }
  }
}
