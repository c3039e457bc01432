package dev.zerograd.examples;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap: how much is in use right after each collection (about the live data, which
 * must stay flat over a training run), and the peak of each pool.
 */
final class HeapWatch {
  private final AtomicLong afterLastGc = new AtomicLong(-1);

  /** Starts listening to every collector's notifications. */
  HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        ((NotificationEmitter) gc)
            .addNotificationListener(
                (n, h) -> {
                  if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                      n.getType())) {
                    GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e :
                        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                      if (isHeap(e.getKey())) {
                        used += e.getValue().getUsed();
                      }
                    }
                    afterLastGc.set(used);
                  }
                },
                null,
                null);
      }
    }
  }

  private static boolean isHeap(String pool) {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getName().equals(pool)) {
        return p.getType() == MemoryType.HEAP;
      }
    }
    return false;
  }

  /** Heap bytes in use right after the latest collection, or -1 before the first. */
  long afterLastGc() {
    return afterLastGc.get();
  }

  /** The sum of the heap pools' peak usage since the JVM started (an upper bound of the peak). */
  static long peak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
