package io.kvsync.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on a local port that forwards every connection to a target port, and that a test can
 * degrade: delay each chunk, black-hole the link, and heal it again.
 *
 * <p>A delay is latency, not a throttle: a chunk read at time t is passed on at t + delay (and never before
 * the chunk read before it), so a pipelined client sees its round trips grow by twice the delay.
 *
 * <p>A black hole accepts connections and keeps them open but passes nothing on, in either direction,
 * like a network path that silently loses every packet. Bytes are held, not discarded: TCP retransmits
 * what a black hole swallowed, so when the path heals they arrive, in order, as they would on a real
 * network. (Dropping bytes from the middle of a stream is something no network does, and would only test
 * the client's parser.)
 *
 * <p>Thread-safe. {@link #close()} closes every connection and stops every thread it started.
 */
public final class TcpProxy implements AutoCloseable {

    private static final byte[] END_OF_STREAM = new byte[0];

    private final ServerSocket server;
    private final int targetPort;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the proxy heals or closes, so held chunks move on at once. */
    private final Condition changed = lock.newCondition();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private boolean blackHoled;
    private long delayNanos;
    private boolean closed;

    private TcpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** Starts a proxy on a free local port, forwarding to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TcpProxy proxy = new TcpProxy(server, targetPort);
        proxy.spawn("tcp-proxy-accept-" + server.getLocalPort(), proxy::acceptLoop);
        return proxy;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** A {@code redis://} URI of this proxy, for a client that should reach Redis through it. */
    public String redisUri() {
        return "redis://127.0.0.1:" + port();
    }

    /** Bytes passed on so far, both directions together. */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /** From now on, passes each chunk on {@code delay} after it was read; ends a black hole. */
    public void delayEachChunk(Duration delay) {
        lock.lock();
        try {
            delayNanos = delay.toNanos();
            blackHoled = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops passing anything on; connections stay open and new ones are accepted. */
    public void blackHole() {
        lock.lock();
        try {
            blackHoled = true;
        } finally {
            lock.unlock();
        }
    }

    /** Passes everything on at once again, starting with what was held. */
    public void heal() {
        lock.lock();
        try {
            blackHoled = false;
            delayNanos = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the listening socket and every connection, and waits for the proxy's threads to end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(server);
        sockets.forEach(TcpProxy::closeQuietly);
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
            } catch (IOException e) {
                // Target down: the client sees its connection closed, as it would see one refused.
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            if (isClosed()) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            pipe(client, upstream, "up");
            pipe(upstream, client, "down");
        }
    }

    /** One direction of a connection: a reader that stamps chunks, a writer that passes them on when due. */
    private void pipe(Socket from, Socket to, String direction) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        String name = "tcp-proxy-" + port() + "-" + direction + "-" + from.getPort();
        spawn(name + "-read", () -> read(from, chunks));
        spawn(name + "-write", () -> write(chunks, from, to));
    }

    private void read(Socket from, BlockingQueue<Chunk> chunks) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                chunks.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos()));
            }
        } catch (IOException e) {
            // Closed by the other side or by close(): end the stream either way.
        }
        chunks.add(new Chunk(END_OF_STREAM, System.nanoTime()));
    }

    private void write(BlockingQueue<Chunk> chunks, Socket from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk chunk = chunks.take();
                if (!awaitDue(chunk.dueNanos)) {
                    break;
                }
                if (chunk.bytes == END_OF_STREAM) {
                    break;
                }
                out.write(chunk.bytes);
                out.flush();
                forwardedBytes.addAndGet(chunk.bytes.length);
            }
        } catch (IOException e) {
            // The connection broke; closing both ends below tells the client.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // One side ended: the client sees the connection close, as it would if the server closed it.
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
    }

    /** Waits until the chunk is due and the link is not black-holed; {@code false} when the proxy closed. */
    private boolean awaitDue(long dueNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long wait = dueNanos - System.nanoTime();
                if (blackHoled) {
                    changed.await();
                } else if (wait > 0) {
                    changed.awaitNanos(wait);
                } else {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private long delayNanos() {
        lock.lock();
        try {
            return delayNanos;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void spawn(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed or broken: nothing left to release.
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) {
    }
}
