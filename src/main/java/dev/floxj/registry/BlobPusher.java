package dev.floxj.registry;

import dev.floxj.image.model.Digest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts blobs into one repository, a few at a time ({@value #IN_FLIGHT}, as
 * go-containerregistry does): a blob of known digest is skipped when the registry has it,
 * mounted when floxj saw it in another repository of the same registry, else uploaded; a blob
 * of unknown digest is uploaded in one streamed pass. A blob skipped or mounted is not asked for
 * its size, so that a store layer the registry has is not even measured. What the registry then
 * has is noted in the {@link BlobSightings}. The first failure stops the others.
 */
public final class BlobPusher {
  public static final int IN_FLIGHT = 4;

  private final RegistryClient client;
  private final BlobSightings sightings;
  private final Listener listener;

  /** Hears what happens to each blob (for progress messages). */
  public interface Listener {
    /** Blob {@code index} (in the list given) is being pushed. */
    default void started(int index) {}

    /** Blob {@code index} is in the repository now. */
    default void pushed(int index, PushedBlob blob) {}

    Listener SILENT = new Listener() {};
  }

  public BlobPusher(RegistryClient client, BlobSightings sightings, Listener listener) {
    this.client = client;
    this.sightings = sightings;
    this.listener = listener;
  }

  /** Pushes one blob. */
  public PushedBlob push(String repository, BlobContent content) throws IOException {
    Optional<Digest> known = content.knownDigest();
    PushedBlob pushed;
    if (known.isPresent() && client.hasBlob(repository, known.get())) {
      pushed = new PushedBlob(known.get(), -1, PushedBlob.How.PRESENT);
    } else {
      Optional<URI> session = Optional.empty();
      Optional<String> from = known.flatMap(d -> sightings.otherRepository(client.registry(), repository, d));
      RegistryClient.Mount mount = null;
      if (from.isPresent()) {
        mount = client.mount(repository, known.get(), from.get());
        session = mount.session();
      }
      if (mount != null && mount.mounted()) {
        pushed = new PushedBlob(known.get(), -1, PushedBlob.How.MOUNTED);
      } else {
        pushed = client.upload(repository, content, session);
      }
    }
    sightings.saw(client.registry(), repository, pushed.digest());
    return pushed;
  }

  /** Pushes all of {@code contents}, at most {@value #IN_FLIGHT} at once; answers in their order. */
  public List<PushedBlob> pushAll(String repository, List<? extends BlobContent> contents) throws IOException {
    if (contents.size() <= 1) {
      List<PushedBlob> one = new ArrayList<>();
      for (BlobContent content : contents) {
        listener.started(0);
        one.add(push(repository, content));
        listener.pushed(0, one.get(0));
      }
      return one;
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            Math.min(IN_FLIGHT, contents.size()),
            runnable -> {
              Thread thread = new Thread(runnable, "floxj-push-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<PushedBlob>> futures = new ArrayList<>();
      for (int i = 0; i < contents.size(); i++) {
        int index = i;
        BlobContent content = contents.get(i);
        futures.add(
            threads.submit(
                () -> {
                  listener.started(index);
                  PushedBlob pushed = push(repository, content);
                  listener.pushed(index, pushed);
                  return pushed;
                }));
      }
      List<PushedBlob> pushed = new ArrayList<>();
      for (Future<PushedBlob> future : futures) {
        pushed.add(await(future, futures));
      }
      return pushed;
    } finally {
      threads.shutdownNow();
    }
  }

  private static PushedBlob await(Future<PushedBlob> future, List<Future<PushedBlob>> all) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(f -> f.cancel(true));
      throw new InterruptedIOException("interrupted while pushing blobs");
    } catch (CancellationException e) {
      throw new InterruptedIOException("the push was stopped");
    } catch (ExecutionException e) {
      all.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof UncheckedIOException) {
        throw ((UncheckedIOException) cause).getCause();
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException(cause);
    }
  }
}
