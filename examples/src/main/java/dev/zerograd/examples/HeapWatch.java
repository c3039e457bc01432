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
 * Watches the heap through the collectors' notifications: how much is in use right after each
 * collection (about the live data, which must stay flat over a training run), and the most in use
 * right before one (the peak: usage only grows between collections).
 */
final class HeapWatch {
  private final AtomicLong afterLastGc = new AtomicLong(-1);
  private final AtomicLong peakBeforeGc = new AtomicLong(-1);

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
                    afterLastGc.set(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()));
                    long before = heapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
                    peakBeforeGc.accumulateAndGet(before, Math::max);
                  }
                },
                null,
                null);
      }
    }
  }

  private static long heapUsed(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
      if (isHeap(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    return used;
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

  /**
   * The most heap in use at once so far: the largest usage seen right before a collection, or
   * the current usage when that is larger.
   */
  long peak() {
    long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return Math.max(peakBeforeGc.get(), now);
  }
}
